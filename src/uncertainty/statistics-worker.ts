// A pool thread's handler: runs one statistics task (statistics-tasks.ts) off the event loop.
import { runTask, type StatisticsTask } from './statistics-tasks.js';

export default function handle(task: StatisticsTask) {
  return runTask(task);
}
