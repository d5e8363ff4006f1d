import { describe, expect, it } from 'vitest';
import type { CatalogueAnswer } from '../../../web/dashboard/queries.js';
import { parseRoute, routeHash } from '../../../web/dashboard/state.js';

const model = (name: string, version: number) => ({
  id: `${name}${version}`,
  name,
  version,
  family: name,
  external: false,
  dimension: 8,
  predictionOutput: null,
});
const dataset = (name: string) => ({ id: name, name, imageCount: 3, maskCount: 3 });
const cat: CatalogueAnswer = {
  health: { ok: true, store: 'embedded' },
  datasets: [dataset('p'), dataset('a'), dataset('b')],
  models: [model('unet', 1), model('unet', 2), model('sam', 1)],
};

describe('dashboard route', () => {
  it('defaults to the first dataset as primary, every other as secondary, the latest version of each model', () => {
    const r = parseRoute('', cat);
    expect(r).toEqual({
      page: 'distances',
      sel: {
        models: ['unet@2', 'sam@1'],
        primary: 'p',
        secondaries: ['a', 'b'],
        components: 25,
        model: 'unet@2',
        secondary: 'a',
      },
    });
  });

  it('reads the hash and drops unknown names', () => {
    const r = parseRoute('#/performance?models=unet@1,ghost@3&primary=a&secondaries=p,zzz&z=10&secondary=p', cat);
    expect(r.page).toBe('performance');
    expect(r.sel).toEqual({
      models: ['unet@1'],
      primary: 'a',
      secondaries: ['p'],
      components: 10,
      model: 'unet@1',
      secondary: 'p',
    });
  });

  it('writes a hash that reads back the same', () => {
    const r = parseRoute('#/images?models=sam@1&primary=b&secondaries=a&z=5&model=sam@1&secondary=a', cat);
    expect(parseRoute(routeHash(r), cat)).toEqual(r);
  });
});
