import { abortError } from './analytics-pool.js';

/**
 * Identical in-flight computations share one run: the first caller starts it, later callers with
 * the same key wait on it. Each caller may bring an AbortSignal; when it aborts, that caller alone
 * rejects, and the run itself is cancelled only when no caller is left waiting on it (a new caller
 * then starts a fresh run instead of joining the cancelled one).
 */
export function createSharedWork<T>() {
  interface Entry {
    promise: Promise<T>;
    controller: AbortController;
    waiters: number;
  }
  const inFlight = new Map<string, Entry>();

  return {
    run(key: string, start: (signal: AbortSignal) => Promise<T>, signal: AbortSignal | null): Promise<T> {
      if (signal?.aborted) return Promise.reject(abortError(signal));
      let entry = inFlight.get(key);
      if (!entry) {
        const controller = new AbortController();
        const created: Entry = { controller, waiters: 0, promise: Promise.resolve(undefined as T) };
        created.promise = start(controller.signal).finally(() => {
          if (inFlight.get(key) === created) inFlight.delete(key);
        });
        created.promise.catch(() => {}); // every waiter handles it; none may be left
        inFlight.set(key, created);
        entry = created;
      }
      const e = entry;
      e.waiters++;
      return new Promise<T>((resolve, reject) => {
        let left = false;
        const leave = () => {
          if (left) return false;
          left = true;
          e.waiters--;
          signal?.removeEventListener('abort', onAbort);
          return true;
        };
        const onAbort = () => {
          if (!leave()) return;
          if (e.waiters === 0) {
            if (inFlight.get(key) === e) inFlight.delete(key);
            e.controller.abort(signal!.reason);
          }
          reject(abortError(signal!));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        e.promise.then(
          (v) => leave() && resolve(v),
          (err) => leave() && reject(err),
        );
      });
    },
    /** Keys with a run in flight, and how many callers wait on each (tests). */
    waiting: () => new Map([...inFlight].map(([k, e]) => [k, e.waiters])),
  };
}
