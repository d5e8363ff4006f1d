import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { AppConfig } from '../config.js';

export const EXTRACT_QUEUE = 'extract-chunk';

export interface ExtractChunk {
  jobId: number;
  modelId: number;
  imageIds: number[];
}

/**
 * pg-boss over the process's own pool: the queue lives in the same database (server or embedded
 * store), so `distmetrics worker` processes on other machines share the work.
 */
export async function createQueue(pool: pg.Pool, config: AppConfig): Promise<PgBoss> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    maintenanceIntervalSeconds: config.jobs.maintenanceSeconds,
  });
  boss.on('error', (e: Error) => console.error(`[queue] ${e.message}`));
  await boss.start();
  await boss.createQueue(EXTRACT_QUEUE, {
    name: EXTRACT_QUEUE,
    expireInSeconds: config.jobs.expireSeconds,
    retryLimit: 5,
    retryDelay: 1,
  });
  return boss;
}
