import type PgBoss from 'pg-boss';
import type pg from 'pg';
import type { AppConfig } from '../config.js';
import { AppError, ErrorCode } from '../errors.js';
import { createQueue, EXTRACT_QUEUE, type ExtractChunk } from './queue.js';

/** Two chunk handlers per process: one's database reads and writes overlap the other's inference. */
const LOCAL_HANDLERS = 2;

/**
 * The process's running queue: pg-boss once started, and the ids of the chunk handlers this
 * process runs. What a chunk does is passed in (`handle`), so jobs/ knows nothing of extraction.
 */
export function createJobRunner(pool: pg.Pool, config: AppConfig) {
  let queue: PgBoss | null = null;
  const localWorkers: string[] = [];
  return {
    /** The started queue; STORE_UNAVAILABLE in a process that has not started it. */
    queue(): PgBoss {
      if (!queue) throw new AppError(ErrorCode.STORE_UNAVAILABLE, 'The job queue is not started in this process');
      return queue;
    },

    /** New chunks wake this process's own handlers now instead of at their next poll. */
    notifyWorkers(): void {
      for (const id of localWorkers) queue?.notifyWorker(id);
    },

    /** Starts pg-boss; with `handle`, this process also takes extraction chunks from the queue. */
    async start(handle: ((chunk: ExtractChunk) => Promise<void>) | null): Promise<void> {
      queue = await createQueue(pool, config);
      if (!handle) return;
      for (let i = 0; i < LOCAL_HANDLERS; i++) {
        localWorkers.push(
          await queue.work<ExtractChunk>(
            EXTRACT_QUEUE,
            { batchSize: 1, pollingIntervalSeconds: config.jobs.pollSeconds },
            async ([job]) => {
              await handle(job!.data);
            },
          ),
        );
      }
    },

    /** Stops taking work, finishing the chunk in hand; the pool stays open. */
    async stop(): Promise<void> {
      await queue?.stop({ graceful: true, wait: true, close: false });
      queue = null;
      localWorkers.length = 0;
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
