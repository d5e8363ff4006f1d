import type { PGlite } from '@electric-sql/pglite';

const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/** A simple-Query protocol message; raw messages bypass PGlite's query mutex, which we already hold. */
function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`);
  const msg = Buffer.alloc(5 + body.length);
  msg[0] = SIMPLE_QUERY;
  msg.writeInt32BE(4 + body.length, 1);
  body.copy(msg, 5);
  return msg;
}
const ROLLBACK_MESSAGE = simpleQuery('ROLLBACK');

interface Waiter {
  id: number;
  wake: () => void;
  fail: (e: Error) => void;
}

/** Startup/SSL/cancel packets have no type byte; their first byte is the high byte of a small length (0). */
function endsAnExchange(message: Uint8Array): boolean {
  const type = message[0];
  return type === SYNC || type === SIMPLE_QUERY || type === TERMINATE || type === 0;
}

/**
 * Serialises the wire-protocol traffic of many client connections onto PGlite's single session.
 *
 * A connection owns the session from its first message until it ends an exchange (Sync or a
 * simple Query) outside a transaction block. pglite-socket's own queue switches connections
 * between single messages, which lets one client's unnamed prepared statement (Parse/Bind/Execute)
 * be replaced by another's mid-flight; owning the session per exchange rules that out, and owning
 * it through BEGIN..COMMIT keeps transactions isolated.
 * It implements the queue interface that PGLiteSocketHandler calls.
 */
export class SessionSerialiser {
  private owner: number | null = null;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly db: PGlite) {}

  async enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    await this.acquire(handlerId);
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data: Uint8Array) => {
            bytes += data.length;
            onData(data);
          },
        }),
      );
    } finally {
      // owner may have changed if the connection dropped mid-message (clearTransactionIfNeeded).
      if (this.owner === handlerId && endsAnExchange(message) && !this.db.isInTransaction()) this.release();
    }
    return bytes;
  }

  getQueueLength(): number {
    return this.waiting.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i]!;
      if (w.id !== handlerId) continue;
      this.waiting.splice(i, 1);
      w.fail(new Error('Handler disconnected'));
    }
  }

  /** Called when a connection goes away: close whatever it left open, then hand the session on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    await this.db.runExclusive(async () => {
      if (this.owner !== handlerId) return; // its last message ended the exchange meanwhile
      await this.db.execProtocolRaw(SYNC_MESSAGE);
      if (this.db.isInTransaction()) await this.db.execProtocolRaw(ROLLBACK_MESSAGE);
      this.release();
    });
  }

  private acquire(handlerId: number): Promise<void> {
    if (this.owner === handlerId) return Promise.resolve();
    if (this.owner === null && this.waiting.length === 0) {
      this.owner = handlerId;
      return Promise.resolve();
    }
    return new Promise((wake, fail) => this.waiting.push({ id: handlerId, wake, fail }));
  }

  private release(): void {
    const next = this.waiting.shift();
    this.owner = next ? next.id : null;
    next?.wake();
  }
}
