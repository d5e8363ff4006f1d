import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/db/store.js';
import { storeInputError } from '../../../src/ids.js';
import { forEachStore } from '../../helpers/stores.js';

/** The error a store call fails with (the test fails if it does not fail). */
async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  throw new Error('expected the store to refuse the value');
}

// The catch-all behind the explicit checks: values PostgreSQL refuses (NUL in text, integers out
// of range), from raw pg and from Prisma, become BAD_USER_INPUT instead of an internal error.
forEachStore('store errors caused by input values', (testStore) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(testStore().config(), { role: 'test', joinRunning: false });
  });
  afterAll(() => store?.close());

  it('maps a NUL byte in text to BAD_USER_INPUT, through pg and through Prisma', async () => {
    const viaPg = await failure(() => store.pool.query('SELECT id FROM datasets WHERE name = $1', ['a\u0000b']));
    expect(storeInputError(viaPg)).toMatchObject({ code: 'BAD_USER_INPUT' });
    const viaPrisma = await failure(() => store.prisma.dataset.findUnique({ where: { name: 'a\u0000b' } }));
    expect(storeInputError(viaPrisma)).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('maps an integer out of range to BAD_USER_INPUT', async () => {
    const viaPg = await failure(() => store.pool.query('SELECT id FROM images WHERE id = $1', ['2147483648']));
    expect(storeInputError(viaPg)).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('leaves other store errors alone (they stay internal errors)', async () => {
    const e = await failure(() => store.pool.query('SELECT no_such_column FROM datasets'));
    expect(storeInputError(e)).toBeNull();
  });
});
