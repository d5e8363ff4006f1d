import type PgBoss from 'pg-boss';
import type pg from 'pg';
import type { AppConfig } from '../config.js';
import { AppError, ErrorCode } from '../errors.js';
import {
  createDistanceQueue,
  createQueue,
  DISTANCE_QUEUE,
  type DistanceChunkMessage,
  EXTRACT_QUEUE,
  type ExtractChunk,
} from './queue.js';

/** Two chunk handlers per process: one's database reads and writes overlap the other's inference. */
const LOCAL_HANDLERS = 2;

/** What this process does with each kind of chunk it takes from the queue. */
export interface ChunkHandlers {
  extract: (chunk: ExtractChunk) => Promise<void>;
  /** A distance job's block (src/distances/). */
  distance: (chunk: DistanceChunkMessage) => Promise<void>;
}

/**
 * The process's running queue: pg-boss once started, and the ids of the chunk handlers this
 * process runs. What a chunk does is passed in (`handlers`), so jobs/ knows nothing of extraction
 * or distances.
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

    /** Starts pg-boss; with `handlers`, this process also takes extraction and distance chunks from the queue. */
    async start(handlers: ChunkHandlers | null): Promise<void> {
      queue = await createQueue(pool, config);
      await createDistanceQueue(queue, config);
      if (!handlers) return;
      const boss = queue;
      // One more distance handler than threads: the pool always has the next chunk while one is recorded.
      for (let i = 0; i < config.analytics.threads + 1; i++) {
        // The handler may run before work() has answered its id: read through an object.
        const self: { id?: string } = {};
        self.id = await boss.work<DistanceChunkMessage>(
          DISTANCE_QUEUE,
          { batchSize: 1, pollingIntervalSeconds: config.jobs.pollSeconds },
          async ([job]) => {
            await handlers.distance(job!.data);
            // Straight to the next chunk: pg-boss otherwise waits out its polling interval after each one.
            if (self.id) queue?.notifyWorker(self.id);
          },
        );
        localWorkers.push(self.id);
      }
      for (let i = 0; i < LOCAL_HANDLERS; i++) {
        localWorkers.push(
          await boss.work<ExtractChunk>(
            EXTRACT_QUEUE,
            { batchSize: 1, pollingIntervalSeconds: config.jobs.pollSeconds },
            async ([job]) => {
              await handlers.extract(job!.data);
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
