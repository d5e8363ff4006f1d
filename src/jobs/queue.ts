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

export const DISTANCE_QUEUE = 'distance-chunk';

/** One block of a distance job (see src/distances/): a dataset's rows [rowStart, rowEnd) x primary rows. */
export interface DistanceChunkMessage {
  jobId: number;
  fitId: number;
  chunk: number;
  datasetId: number;
  rowStart: number;
  rowEnd: number;
  colStart: number;
  colEnd: number;
}

/** Creates the distance queue beside extraction's, with the same expiry and retries. */
export async function createDistanceQueue(boss: PgBoss, config: AppConfig): Promise<void> {
  await boss.createQueue(DISTANCE_QUEUE, {
    name: DISTANCE_QUEUE,
    expireInSeconds: config.jobs.expireSeconds,
    retryLimit: 5,
    retryDelay: 1,
  });
}
