import type { PageContext } from '../context.js';
import { card, empty, fill, h, pill, progressBar } from '../dom.js';
import { duration } from '../format.js';
import type { JobInfo } from '../queries.js';
import { modelLabel } from '../state.js';

/** What a job works on: the dataset (extraction), or primary <- secondaries at z (distances). */
function subject(j: JobInfo): string {
  if (j.kind !== 'DISTANCES' || !j.distances) return j.dataset?.name ?? '–';
  const d = j.distances;
  return `${d.primary?.name ?? '–'} ← ${d.secondaries.map((s) => s.name).join(', ')} (z = ${d.components})`;
}

/** Extraction and distance jobs with their progress, refreshed every 2 s while one runs. */
export function renderJobs(ctx: PageContext): void {
  const { el, body } = card(
    'Jobs',
    'Embedding extraction of a (model, dataset) pair, or the exact distances of a fit (computeDistances), split in chunks that every worker (the server, `distmetrics worker`) takes from the queue. Progress counts images (extraction) or chunks (distances). Newest first.',
    { id: 'jobs' },
  );
  ctx.root.append(el);
  const draw = (jobs: JobInfo[]) => {
    if (jobs.length === 0) {
      fill(
        body,
        empty(
          'No jobs yet',
          'Extraction starts with extractEmbeddings (or `npx distmetrics extract --model … --dataset …`); the demo queues one per model and dataset.',
        ),
      );
      return;
    }
    fill(
      body,
      h(
        'div',
        { className: 'table-wrap' },
        h(
          'table',
          { className: 'grid jobs', id: 'jobs-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [
                'job',
                'kind',
                'model',
                'dataset',
                'state',
                'progress',
                'errors',
                'provider',
                'queued at',
                'time since queued',
              ].map((t) => h('th', {}, t)),
            ),
          ),
          h(
            'tbody',
            {},
            jobs.map((j) =>
              h(
                'tr',
                { 'data-job': j.id, 'data-state': j.state, 'data-kind': j.kind },
                h('td', {}, j.id),
                h('td', {}, j.kind === 'DISTANCES' ? 'distances' : 'extraction'),
                h('td', {}, j.model ? modelLabel(j.model) : '–'),
                h('td', {}, subject(j)),
                h('td', {}, pill(j.state, j.state)),
                h('td', { className: 'progress-cell' }, progressBar(j.done, j.total)),
                h(
                  'td',
                  { title: j.errors.map((e) => `image ${e.imageId}: ${e.message}`).join('\n') },
                  j.errors.length ? String(j.errors.length) : '',
                ),
                h('td', {}, j.provider ?? ''),
                h('td', {}, new Date(j.createdAt).toLocaleTimeString()),
                h(
                  'td',
                  { title: j.startedAt ? `started ${new Date(j.startedAt).toLocaleTimeString()}` : 'not started' },
                  duration(j.createdAt, j.finishedAt),
                  j.finishedAt ? '' : ' …',
                ),
              ),
            ),
          ),
        ),
      ),
    );
  };
  draw(ctx.jobs());
  ctx.onJobs(draw);
}
