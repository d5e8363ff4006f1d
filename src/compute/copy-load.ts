import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createVectorCopyDecoder } from '../db/vector-binary.js';

/**
 * Embeddings loaded by binary COPY on an analytics thread, decoded there into the caller's shared
 * matrix. On the event loop, receiving and decoding 400 MB of vectors (n = m = 50,000 at q = 1024)
 * kept the main thread 92% busy for seconds, and /health answered in up to 270 ms meanwhile; here
 * the main thread only starts the tasks. Each task reads in the caller's transaction snapshot
 * (`pg_export_snapshot`), so every task sees exactly the rows whose status the caller read.
 */
export interface CopyLoadTask {
  /** The PostgreSQL server (never the embedded store: PGlite runs on the main thread anyway). */
  url: string;
  /** From pg_export_snapshot() in the caller's REPEATABLE READ transaction, still open. */
  snapshot: string;
  /** Shared rows x cols float32 matrix that the segments fill. */
  data: Float32Array;
  cols: number;
  /** COPY statements of (int4 id, vector) tuples, each written from row `atRow`, exactly `rows` tuples. */
  segments: { sql: string; atRow: number; rows: number }[];
}

/** Ids of each segment's rows, in order. */
export type CopyLoadResult = Int32Array[];

/** Idle time after which a thread closes its connection (the next load opens one again). */
const IDLE_CLOSE_MS = 5_000;

let connection: { url: string; client: Promise<pg.Client>; timer: NodeJS.Timeout | null } | null = null;

function clientFor(url: string): Promise<pg.Client> {
  if (connection?.url !== url) {
    dropConnection();
    const client = new pg.Client({ connectionString: url });
    // A connection lost while idle is dropped; the next load opens another.
    client.on('error', () => {
      if (connection?.client === ready) connection = null;
    });
    const ready = client.connect().then(() => client);
    ready.catch(() => {
      if (connection?.client === ready) connection = null;
    });
    connection = { url, client: ready, timer: null };
  }
  if (connection.timer) clearTimeout(connection.timer);
  connection.timer = null;
  return connection.client;
}

function dropConnection(): void {
  if (!connection) return;
  const { client, timer } = connection;
  if (timer) clearTimeout(timer);
  connection = null;
  void client.then((c) => c.end()).catch(() => undefined);
}

function releaseLater(): void {
  if (!connection) return;
  connection.timer = setTimeout(dropConnection, IDLE_CLOSE_MS);
  connection.timer.unref();
}

/**
 * Runs the segments in one READ ONLY transaction on the imported snapshot. `check` runs per chunk
 * and throws to cancel: the connection is then closed (a COPY cannot be stopped mid-stream
 * otherwise), which ends the server's side at once.
 */
export async function runCopyLoad(task: CopyLoadTask, check: () => void): Promise<CopyLoadResult> {
  const client = await clientFor(task.url);
  let broken = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT '${task.snapshot.replace(/'/g, "''")}'`);
    const out: CopyLoadResult = [];
    for (const segment of task.segments) {
      check();
      const decoder = createVectorCopyDecoder(task.data, segment.atRow, task.cols, segment.rows);
      // A refused stream (another dimension) is read to its end, so the connection stays usable.
      let refused: unknown = null;
      for await (const chunk of client.query(copyTo(segment.sql)) as AsyncIterable<Buffer>) {
        if (refused) continue;
        try {
          check();
          decoder.push(chunk);
        } catch (e) {
          refused = e;
          if ((e as Error).name !== 'RangeError') {
            broken = true;
            throw e;
          }
        }
      }
      if (refused) throw refused;
      const got = decoder.end();
      if (got.rows !== segment.rows)
        throw new Error(`the snapshot counted ${segment.rows} rows but the COPY gave ${got.rows}`);
      out.push(got.ids.slice());
    }
    await client.query('COMMIT');
    return out;
  } catch (e) {
    if (broken) dropConnection();
    else await client.query('ROLLBACK').catch(() => dropConnection());
    throw e;
  } finally {
    releaseLater();
  }
}
