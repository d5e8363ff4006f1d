// Pool-thread entry: registers the TypeScript loader inside the thread, then hands piscina the handler.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./statistics-worker.ts');
export default worker.default;
