// Piscina worker entry: registers the TypeScript loader inside the thread, then serves the tasks.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./analytics-worker.ts');
export default worker.default;
