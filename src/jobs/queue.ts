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
  await ensureQueue(boss, EXTRACT_QUEUE, config);
  return boss;
}

/**
 * Creates a queue, or brings an existing one's expiry and retries to this configuration: pg-boss's
 * createQueue leaves an existing queue as it is, so without the update a changed
 * JOB_EXPIRE_SECONDS would never reach a store whose queues were made before the change (a killed
 * worker's chunk would then wait out the old expiry). The last process to start sets them.
 */
async function ensureQueue(boss: PgBoss, name: string, config: AppConfig): Promise<void> {
  const options = { expireInSeconds: config.jobs.expireSeconds, retryLimit: 5, retryDelay: 1 };
  await boss.createQueue(name, { name, ...options });
  await boss.updateQueue(name, { name, ...options });
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
  await ensureQueue(boss, DISTANCE_QUEUE, config);
}
