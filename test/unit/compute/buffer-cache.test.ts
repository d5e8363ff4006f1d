import { describe, expect, it } from 'vitest';
import { createSharedBufferCache } from '../../../src/compute/buffer-cache.js';

describe('shared buffer cache', () => {
  const cache = () => createSharedBufferCache<string>({ maxBytes: 1000, idleMs: 60_000 });

  it('hands a kept buffer to the next caller it fits (at most twice the size asked), else a new one', () => {
    const c = cache();
    const b = c.take(300);
    expect(b.byteLength).toBe(300);
    c.give(b);
    expect(c.take(100)).not.toBe(b); // 300 > 2 x 100
    expect(c.take(200)).toBe(b);
    expect(c.keptBytes()).toBe(0);
  });

  it('gives a labelled buffer back with its contents and data to the same label only', () => {
    const c = cache();
    const b = c.take(64);
    new Uint8Array(b).fill(7);
    c.give(b, { label: 'm1|d1:fp1', data: 'ids' });
    expect(c.takeLabelled('m1|d1:fp2')).toBeNull();
    const kept = c.takeLabelled('m1|d1:fp1')!;
    expect(kept.buffer).toBe(b);
    expect(kept.data).toBe('ids');
    expect(new Uint8Array(kept.buffer).every((x) => x === 7)).toBe(true);
    expect(c.takeLabelled('m1|d1:fp1')).toBeNull(); // taken: the caller's until given back
  });

  it('forgets the label of a buffer that `take` hands out for other contents', () => {
    const c = cache();
    const b = c.take(64);
    c.give(b, { label: 'a', data: 'x' });
    expect(c.take(64)).toBe(b);
    c.give(b);
    expect(c.takeLabelled('a')).toBeNull();
  });

  it('keeps one buffer per label and at most maxBytes, the oldest dropped first', () => {
    const c = cache();
    const [a, b, d] = [c.take(400), c.take(400), c.take(400)];
    c.give(a, { label: 'same', data: 'old' });
    c.give(b, { label: 'same', data: 'new' });
    expect(c.keptBytes()).toBe(400);
    expect(c.takeLabelled('same')!.data).toBe('new');
    c.give(a);
    c.give(b);
    c.give(d);
    expect(c.keptBytes()).toBe(800);
    expect(c.take(400)).toBe(b); // a, the oldest, was dropped
  });
});
