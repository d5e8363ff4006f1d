import type { AnalyticsPool } from '../compute/analytics-pool.js';
import { runTask, type StatisticsTask, type TaskResults } from '../compute/statistics-tasks.js';

/**
 * Where statistics tasks run: on the analytics pool's threads, so a permutation test or a
 * bootstrap never blocks the event loop (other requests keep being answered), or in the calling
 * thread when no pool is given (benchmarks of the bare loops).
 */
export interface StatisticsPool {
  run<T extends StatisticsTask>(task: T): Promise<TaskResults[T['kind']]>;
  /** Threads tasks are spread over (1 in-thread). */
  readonly threads: number;
}

export function createStatisticsPool(pool: Pick<AnalyticsPool, 'statistics' | 'threads'> | null): StatisticsPool {
  if (!pool) {
    return {
      threads: 1,
      run: async <T extends StatisticsTask>(task: T) => runTask(task) as TaskResults[T['kind']],
    };
  }
  return { threads: pool.threads, run: (task) => pool.statistics(task) };
}
