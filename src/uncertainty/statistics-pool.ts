import os from 'node:os';
import { Piscina } from 'piscina';
import { runTask, type StatisticsTask, type TaskResults } from './statistics-tasks.js';

/**
 * Where statistics tasks run: a piscina pool of worker threads, so a permutation test or a
 * bootstrap never blocks the event loop (other requests keep being answered), or in the calling
 * thread when `threads` is 0. The small interface lets another pool stand in for this one.
 */
export interface StatisticsPool {
  run<T extends StatisticsTask>(task: T): Promise<TaskResults[T['kind']]>;
  /** Threads tasks are spread over (1 in-thread). */
  readonly threads: number;
  close(): Promise<void>;
}

/** @param threads worker threads; 0 runs every task in the calling thread. */
export function createStatisticsPool(threads: number = os.availableParallelism()): StatisticsPool {
  if (threads === 0) {
    return {
      threads: 1,
      run: async <T extends StatisticsTask>(task: T) => runTask(task) as TaskResults[T['kind']],
      close: async () => {},
    };
  }
  let pool: Piscina | null = null;
  return {
    threads,
    run<T extends StatisticsTask>(task: T) {
      // Threads start on the first task and leave after a minute idle: a server that never runs
      // a test holds none.
      pool ??= new Piscina({
        filename: new URL('./statistics-worker-entry.mjs', import.meta.url).href,
        minThreads: 0,
        maxThreads: threads,
        idleTimeout: 60_000,
      });
      return pool.run(task) as Promise<TaskResults[T['kind']]>;
    },
    async close() {
      const p = pool;
      pool = null;
      await p?.destroy();
    },
  };
}
