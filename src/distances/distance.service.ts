import type PgBoss from 'pg-boss';
import { blockOf, type Block, type FitCacheRepository, type StoredFit } from '../analytics/index.js';
import { DISTANCE_QUEUE, type DistanceChunkMessage } from '../jobs/queue.js';
import { distanceChunks } from '../math/idist-blocks.js';
import type { DistancePool } from '../compute/distance-pool.js';
import type { DistanceRepository, StoredChunk } from './distance.repository.js';

interface Deps {
  repo: DistanceRepository;
  fits: FitCacheRepository;
  pool: DistancePool;
  queue: () => PgBoss;
  notifyWorkers: () => void;
  chunkPairs: number;
}

/** IDist sums kept per process: a stored fit never changes, so neither do its sums. */
const SUMS_MEMO_SIZE = 64;

function requireBlock(fit: StoredFit, datasetId: number): Block {
  const block = blockOf(fit, datasetId);
  if (!block) throw new RangeError(`dataset ${datasetId} is not a block of fit ${fit.id}`);
  return block;
}

/**
 * Exact IDist sums of a fit's blocks to its primary: stored ones (a distance job's, or a request's),
 * computed now for requests within SYNC_MAX_PAIRS, or by a distance job whose chunks any worker
 * process takes from the queue.
 */
export function createDistanceService(deps: Deps) {
  const memo = new Map<string, Float64Array>();
  const keep = (key: string, sums: Float64Array) => {
    memo.delete(key);
    memo.set(key, sums);
    if (memo.size > SUMS_MEMO_SIZE) memo.delete(memo.keys().next().value!);
    return sums;
  };

  /** The chunks of a fit's job, numbered in a fixed order: the primary's own block, then each secondary. */
  function plan(fit: StoredFit): StoredChunk[] {
    const n = requireBlock(fit, fit.primaryId).rows;
    const chunks: StoredChunk[] = [];
    for (const datasetId of fit.blockDatasetIds) {
      const rows = requireBlock(fit, datasetId).rows;
      for (const c of distanceChunks(rows, n, deps.chunkPairs)) chunks.push({ ...c, chunk: chunks.length, datasetId });
    }
    return chunks;
  }

  return {
    /** Stored sums of block `datasetId` (its rows' IDist to the primary), or null. */
    async stored(fit: { id: number }, datasetId: number): Promise<Float64Array | null> {
      const key = `${fit.id}:${datasetId}`;
      const kept = memo.get(key);
      if (kept) return keep(key, kept);
      const sums = await deps.repo.storedSums(fit.id, datasetId);
      return sums ? keep(key, sums) : null;
    },

    /**
     * Stores sums a request computed (within SYNC_MAX_PAIRS, on the analytics threads through the
     * distance memo), so later requests and processes read them.
     */
    async remember(fit: StoredFit, datasetId: number, sums: Float64Array): Promise<Float64Array> {
      await deps.repo.saveSums(fit.id, datasetId, sums);
      return keep(`${fit.id}:${datasetId}`, sums);
    },

    /** Pairs a job of this fit computes: every block (the primary's own included) x the primary. */
    jobPairs(fit: StoredFit): number {
      const n = requireBlock(fit, fit.primaryId).rows;
      return fit.imageIds.length * n;
    },

    /** The fit's distance job: the existing one, or a new one with its chunks queued. */
    async start(fit: StoredFit): Promise<number> {
      const chunks = plan(fit);
      const stored = await Promise.all(fit.blockDatasetIds.map((d) => this.stored(fit, d)));
      const { jobId, created } = await deps.repo.createJob({
        modelId: fit.modelId,
        fitId: fit.id,
        primaryId: fit.primaryId,
        secondaryIds: fit.secondaryIds,
        zRequested: fit.zRequested,
        pairsPerChunk: deps.chunkPairs,
        pairs: this.jobPairs(fit),
        total: chunks.length,
        completed: stored.every((s) => s !== null),
      });
      if (created && !stored.every((s) => s !== null)) {
        const data: DistanceChunkMessage[] = chunks.map((c) => ({ jobId, fitId: fit.id, ...c }));
        await deps.queue().insert(data.map((d) => ({ name: DISTANCE_QUEUE, data: d })));
        deps.notifyWorkers();
      }
      return jobId;
    },

    /** pg-boss handler for one chunk: idempotent, so a chunk retried after its worker died changes nothing. */
    async processChunk(msg: DistanceChunkMessage): Promise<void> {
      const job = await deps.repo.jobState(msg.jobId);
      if (!job || job.state === 'completed' || job.state === 'failed') return;
      const fit = await deps.fits.byId(msg.fitId);
      if (!fit) {
        await deps.repo.fail(msg.jobId, `Fit ${msg.fitId} was replaced (its datasets changed): start the job again`);
        return;
      }
      if (!job.startedAt) await deps.repo.markStarted(msg.jobId);
      let sums: Float64Array | null = null;
      if (!(await deps.repo.chunkStored(fit.id, msg.chunk))) {
        const p = requireBlock(fit, fit.primaryId);
        const s = requireBlock(fit, msg.datasetId);
        const z = fit.zUsed;
        sums = await deps.pool.rowSums({
          s: s.scores.subarray(msg.rowStart * z, msg.rowEnd * z),
          rows: msg.rowEnd - msg.rowStart,
          p: p.scores,
          n: p.rows,
          dim: z,
          colStart: msg.colStart,
          colEnd: msg.colEnd,
        });
      }
      const ok = await deps.repo.recordChunk(msg.jobId, fit.id, msg, sums, requireBlock(fit, fit.primaryId).rows);
      if (!ok)
        await deps.repo.fail(msg.jobId, `Fit ${msg.fitId} was replaced (its datasets changed): start the job again`);
    },

    jobDetails: deps.repo.jobDetails,
    jobOfFit: deps.repo.jobOfFit,
  };
}

export type DistanceService = ReturnType<typeof createDistanceService>;
