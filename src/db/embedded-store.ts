import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { AppError, ErrorCode } from '../errors.js';
import { SessionSerialiser } from './session-serialiser.js';

/** The lock file that says which process owns the embedded store, and where its socket listens. */
interface StoreLock {
  pid: number;
  /**
   * The owner's start time (/proc/<pid>/stat field 22, clock ticks since boot) where /proc exists:
   * a live process with the PID but another start time reused the PID, and does not own the store.
   */
  startTime?: string | null;
  port: number | null;
  role: string;
}

export interface EmbeddedStore {
  url: string;
  port: number;
  /** Lets clients connect (written into the lock file) once migrations have run. */
  publish(): void;
  close(): Promise<void>;
}

const lockPath = (dataDir: string) => path.join(dataDir, 'store.lock.json');

/** A process's start time, from /proc on Linux; null elsewhere or when it is gone. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (in parentheses, which may hold spaces) start at field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3] ?? null;
  } catch {
    return null;
  }
}

/** When a process started (ms since the epoch), from its start time and the boot time; null off Linux. */
function processStartedAt(pid: number): number | null {
  const ticks = processStartTime(pid);
  if (ticks === null) return null;
  try {
    const btime = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1];
    // Clock ticks are 1/100 s on Linux (USER_HZ), whatever the kernel's own HZ.
    return btime ? Number(btime) * 1000 + Number(ticks) * 10 : null;
  } catch {
    return null;
  }
}

function lockWrittenAt(dataDir: string): number | null {
  try {
    return fs.statSync(lockPath(dataDir)).mtimeMs;
  } catch {
    return null;
  }
}

const ownStartTime = processStartTime(process.pid);
const lockContent = (port: number | null, role: string) =>
  JSON.stringify({ pid: process.pid, startTime: ownStartTime, port, role } satisfies StoreLock);

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(dataDir: string): StoreLock | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as StoreLock;
  } catch {
    return null;
  }
}

/** The live owner of the embedded store in dataDir (this process included), if any. */
export function embeddedOwner(dataDir: string): StoreLock | null {
  const lock = readLock(dataDir);
  if (!lock || !processAlive(lock.pid)) return null;
  if (lock.startTime) {
    const now = processStartTime(lock.pid);
    if (now !== null && now !== lock.startTime) return null; // the PID was reused by another process
  } else {
    // A lock written without a start time: a process that started after the lock was written
    // cannot be the one that wrote it.
    const startedAt = processStartedAt(lock.pid);
    const writtenAt = lockWrittenAt(dataDir);
    if (startedAt !== null && writtenAt !== null && startedAt > writtenAt + 2000) return null;
  }
  return lock;
}

export const embeddedUrl = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;

function claimLock(dataDir: string, role: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath(dataDir), lockContent(null, role), { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = embeddedOwner(dataDir);
      if (owner) {
        throw new AppError(
          ErrorCode.STORE_UNAVAILABLE,
          `The embedded store in ${dataDir} is in use by process ${owner.pid} (${owner.role}). Stop it, or point DISTMETRICS_DATA_DIR elsewhere.`,
          { pid: owner.pid },
        );
      }
      fs.rmSync(lockPath(dataDir), { force: true }); // stale: its process is gone
    }
  }
  throw new AppError(ErrorCode.STORE_UNAVAILABLE, `Could not lock the embedded store in ${dataDir}`);
}

/**
 * Opens the PGlite store persisted in dataDir/pgdata, with pgvector, and serves it over the
 * Postgres wire protocol on 127.0.0.1 so `pg`, Prisma and pg-boss use the same code path as
 * against a real server. The process that opens it owns it (a lock file) until close().
 */
export async function openEmbeddedStore(dataDir: string, port: number, role: string): Promise<EmbeddedStore> {
  claimLock(dataDir, role);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(path.join(dataDir, 'pgdata'), { extensions: { vector } });
    await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
    const serialiser = new SessionSerialiser(db);
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      // The handler's queue is structurally the serialiser; pglite-socket does not export its type.
      const handler = new PGLiteSocketHandler({ queryQueue: serialiser as never, closeOnDetach: true });
      handler.attach(socket).catch(() => socket.destroy());
    });
    const boundPort = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
    const pglite = db;
    return {
      url: embeddedUrl(boundPort),
      port: boundPort,
      publish: () => fs.writeFileSync(lockPath(dataDir), lockContent(boundPort, role)),
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy(); // idle clients would otherwise hold close() open
        });
        await pglite.close();
        if (readLock(dataDir)?.pid === process.pid) fs.rmSync(lockPath(dataDir), { force: true });
      },
    };
  } catch (e) {
    await db?.close().catch(() => undefined);
    fs.rmSync(lockPath(dataDir), { force: true });
    throw e;
  }
}
