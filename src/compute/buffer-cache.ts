/**
 * SharedArrayBuffers kept for reuse between fits. A fit's embeddings need one large buffer (575 x
 * 16000 float32 is 37 MB), and a fresh buffer of that size is memory the kernel must map and zero
 * page by page on first write: on a loaded machine that took longer than the copy itself (about
 * 200 ms for 37 MB, against 7 ms to fill the same buffer again). A buffer given back is handed to
 * the next caller that fits in it; all are dropped after `idleMs` without use, so an idle server
 * holds none.
 */
export interface SharedBufferCache {
  /** A buffer of at least `bytes`: a kept one (at most twice the size asked) or a new one. */
  take(bytes: number): SharedArrayBuffer;
  /** Gives a buffer back; its caller must not use it any more. Buffers over `maxBytes` are dropped. */
  give(buffer: SharedArrayBuffer): void;
  /** Bytes kept now (tests). */
  keptBytes(): number;
}

export function createSharedBufferCache(options: { maxBytes: number; idleMs: number }): SharedBufferCache {
  const kept: SharedArrayBuffer[] = []; // oldest first
  let timer: ReturnType<typeof setTimeout> | null = null;
  const total = () => kept.reduce((a, b) => a + b.byteLength, 0);
  const dropAll = () => {
    kept.length = 0;
    timer = null;
  };

  return {
    take(bytes) {
      let best = -1;
      kept.forEach((b, i) => {
        if (b.byteLength >= bytes && b.byteLength <= 2 * bytes && (best < 0 || b.byteLength < kept[best]!.byteLength))
          best = i;
      });
      if (best < 0) return new SharedArrayBuffer(bytes);
      return kept.splice(best, 1)[0]!;
    },
    give(buffer) {
      if (buffer.byteLength === 0 || buffer.byteLength > options.maxBytes || kept.includes(buffer)) return;
      kept.push(buffer);
      while (total() > options.maxBytes) kept.shift();
      if (timer) clearTimeout(timer);
      timer = setTimeout(dropAll, options.idleMs);
      timer.unref();
    },
    keptBytes: total,
  };
}
