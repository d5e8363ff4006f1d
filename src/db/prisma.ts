import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type { PrismaClient };

/** Options of Prisma's interactive transactions: on the embedded store they queue for its one session, so allow for the wait. */
export const TX_OPTIONS = { maxWait: 30_000, timeout: 120_000 };

/** Prisma over the same pg pool that raw vector SQL uses: one pool per process. */
export function createPrisma(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
