import { describe, expect, it } from 'vitest';
import type { Image } from '../../../src/generated/prisma/client.js';
import { labelCsv, labelJson, labelQueryString } from '../../../src/performance/label-export.js';
import type { LabelCandidatesView } from '../../../src/performance/performance-views.js';

const view = {
  model: { name: 'unet', version: 2 },
  primary: { name: 'p' },
  secondary: { name: 's' },
  componentsRequested: 25,
  reduce: 'SUM',
  fit: { id: 7, componentsUsed: 12 },
  strategy: 'RANDOM',
  count: 2,
  seed: 3,
  lower: 0.6,
  upper: 1,
  candidateCount: 4,
  picks: [
    { imageId: 5, idist: 0.1 + 0.2, scaled: 1, rank: 9, pick: 1, pValue: 0.25 },
    { imageId: 6, idist: 12.5, scaled: 0.75, rank: 8, pick: 2, pValue: 1 / 3 },
  ],
} as unknown as LabelCandidatesView;
const images = new Map([
  [5, { fileName: 'a,"b".png' }],
  [6, { fileName: 'c.png' }],
]) as unknown as Map<number, Image>;

describe('label export', () => {
  it('writes CSV with quoting and full precision', () => {
    expect(labelCsv(view, images)).toBe(
      'pick,image_id,file_name,dataset,idist,scaled_idist,rank,p_value\r\n1,5,"a,""b"".png",s,0.30000000000000004,1,9,0.25\r\n2,6,c.png,s,12.5,0.75,8,0.3333333333333333\r\n',
    );
  });

  it('neutralises text cells a spreadsheet would run as formulas, leaving numbers as they are', () => {
    const risky = new Map([
      [5, { fileName: '=HYPERLINK("http://x","y").png' }],
      [6, { fileName: '@SUM(A1).png' }],
    ]) as unknown as Map<number, Image>;
    const negative = { ...view, picks: [{ ...view.picks[0]!, scaled: -0.5 }] } as unknown as LabelCandidatesView;
    const lines = labelCsv(negative, risky).split('\r\n');
    expect(lines[1]).toBe(`1,5,"'=HYPERLINK(""http://x"",""y"").png",s,0.30000000000000004,-0.5,9,0.25`);
    for (const name of ['+1.png', '-1.png', '@a.png', '=a.png', '\tx.png']) {
      const cell = labelCsv(view, new Map([[5, { fileName: name }]]) as unknown as Map<number, Image>)
        .split('\r\n')[1]!
        .split(',')[2]!;
      expect(cell.replace(/^"/, '')).toBe(`'${name}`);
    }
  });

  it('writes JSON that names every parameter of the pick', () => {
    expect(labelJson(view, images)).toMatchObject({
      model: { name: 'unet', version: 2 },
      primary: 'p',
      secondary: 's',
      strategy: 'RANDOM',
      seed: 3,
      lower: 0.6,
      upper: 1,
      components: 25,
      componentsUsed: 12,
      fitId: 7,
      candidateCount: 4,
    });
  });

  it('puts every parameter in the download URL', () => {
    expect(Object.fromEntries(new URLSearchParams(labelQueryString(view)))).toEqual({
      model: 'unet',
      modelVersion: '2',
      primary: 'p',
      secondary: 's',
      strategy: 'RANDOM',
      count: '2',
      seed: '3',
      lower: '0.6',
      upper: '1',
      components: '25',
      reduce: 'SUM',
    });
  });
});
