/**
 * SharedArrayBuffers kept for reuse between fits. A fit's embeddings need one large buffer (575 x
 * 16000 float32 is 37 MB), and a fresh buffer of that size is memory the kernel must map and zero
 * page by page on first write: on a loaded machine that took longer than the copy itself (about
 * 200 ms for 37 MB, against 7 ms to fill the same buffer again). A buffer given back is handed to
 * the next caller that fits in it; all are dropped after `idleMs` without use, so an idle server
 * holds none.
 *
 * A buffer may be given back with a label saying what it holds (the embeddings of which datasets,
 * at which fingerprints), with data of the caller's own (their row ids). `takeLabelled` hands that
 * buffer back, contents intact, to a caller that asks for the same label: the next fit of the
 * same embeddings (another z, a refit after the fit cache evicted it) then skips the store's
 * COPY, which at q = 16000 cost more than the fit. A buffer handed out by `take` loses its label.
 */
export interface SharedBufferCache<T = unknown> {
  /** A buffer of at least `bytes`: a kept one (at most twice the size asked) or a new one. */
  take(bytes: number): SharedArrayBuffer;
  /** The kept buffer labelled `label`, with its data, or null; it is the caller's until given back. */
  takeLabelled(label: string): { buffer: SharedArrayBuffer; data: T } | null;
  /**
   * Gives a buffer back; its caller must not use it any more. Buffers over `maxBytes` are dropped.
   * With `labelled`, its contents are what `label` says (a kept buffer of that label is dropped).
   */
  give(buffer: SharedArrayBuffer, labelled?: { label: string; data: T }): void;
  /** Bytes kept now (tests). */
  keptBytes(): number;
}

export function createSharedBufferCache<T = unknown>(options: {
  maxBytes: number;
  idleMs: number;
}): SharedBufferCache<T> {
  const kept: { buffer: SharedArrayBuffer; labelled: { label: string; data: T } | null }[] = []; // oldest first
  let timer: ReturnType<typeof setTimeout> | null = null;
  const total = () => kept.reduce((a, b) => a + b.buffer.byteLength, 0);
  const dropAll = () => {
    kept.length = 0;
    timer = null;
  };

  return {
    take(bytes) {
      let best = -1;
      kept.forEach(({ buffer: b }, i) => {
        if (
          b.byteLength >= bytes &&
          b.byteLength <= 2 * bytes &&
          (best < 0 || b.byteLength < kept[best]!.buffer.byteLength)
        )
          best = i;
      });
      if (best < 0) return new SharedArrayBuffer(bytes);
      return kept.splice(best, 1)[0]!.buffer;
    },
    takeLabelled(label) {
      const i = kept.findIndex((k) => k.labelled?.label === label);
      if (i < 0) return null;
      const [{ buffer, labelled }] = kept.splice(i, 1) as [(typeof kept)[number]];
      return { buffer, data: labelled!.data };
    },
    give(buffer, labelled) {
      if (buffer.byteLength === 0 || buffer.byteLength > options.maxBytes || kept.some((k) => k.buffer === buffer))
        return;
      if (labelled) {
        const same = kept.findIndex((k) => k.labelled?.label === labelled.label);
        if (same >= 0) kept.splice(same, 1);
      }
      kept.push({ buffer, labelled: labelled ?? null });
      while (total() > options.maxBytes) kept.shift();
      if (timer) clearTimeout(timer);
      timer = setTimeout(dropAll, options.idleMs);
      timer.unref();
    },
    keptBytes: total,
  };
}
