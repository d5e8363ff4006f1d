// Worker-thread entry: registers the TypeScript loader inside the worker, then runs the worker.
import { register } from 'tsx/esm/api';

register();
await import('./inference-worker.ts');
