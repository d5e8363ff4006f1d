import { expect, it } from 'vitest';
import { startServer } from '../../../src/server.js';
import { forEachStore } from '../../helpers/stores.js';

// pg-boss keeps a queue's expiry and retries in its own table, and its createQueue leaves an existing
// queue as it is: a store's queues must still follow the configuration each process starts with.
forEachStore('queue settings', (store) => {
  it('a changed JOB_EXPIRE_SECONDS reaches the queues of an existing store at the next start', async () => {
    const settings = async (expire: string) => {
      const server = await startServer(store().config({ JOB_EXPIRE_SECONDS: expire, RUN_WORKER: 'false' }), () => {});
      try {
        const { rows } = await server.services.store.pool.query(
          `SELECT name, expire_seconds, retry_limit FROM pgboss.queue WHERE name NOT LIKE '__pgboss__%' ORDER BY name`,
        );
        return rows;
      } finally {
        await server.close();
      }
    };
    expect(await settings('900')).toEqual([
      { name: 'distance-chunk', expire_seconds: 900, retry_limit: 5 },
      { name: 'extract-chunk', expire_seconds: 900, retry_limit: 5 },
    ]);
    expect(await settings('7')).toEqual([
      { name: 'distance-chunk', expire_seconds: 7, retry_limit: 5 },
      { name: 'extract-chunk', expire_seconds: 7, retry_limit: 5 },
    ]);
  });
});
