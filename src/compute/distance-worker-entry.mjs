// Worker-thread entry of the distance pool: registers the TypeScript loader inside the thread,
// then hands piscina the task function.
import { register } from 'tsx/esm/api';

register();
const { default: run } = await import('./distance-worker.ts');
export default run;
