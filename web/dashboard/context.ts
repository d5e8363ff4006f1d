import { ApiError } from './api.js';
import { empty, h, progressBar } from './dom.js';
import type { CatalogueAnswer, JobInfo, ModelInfo } from './queries.js';
import { modelLabel, parseModelKey, type Route, type Selection } from './state.js';

/** What a page gets: the catalogue, the route, the latest jobs, and a way to change the selection. */
export interface PageContext {
  cat: CatalogueAnswer;
  route: Route;
  root: HTMLElement;
  /** False once the user moved on: late answers must not draw into a page that is gone. */
  isCurrent(): boolean;
  jobs(): JobInfo[];
  /** Replaces part of the selection (and the page), through the URL. */
  navigate(change: Partial<Selection> & { page?: Route['page'] }): void;
  /** Subscribes to job updates while the page is current. */
  onJobs(listener: (jobs: JobInfo[]) => void): void;
}

export function findModel(cat: CatalogueAnswer, key: string): ModelInfo | undefined {
  const { name, version } = parseModelKey(key);
  return cat.models.find((m) => m.name === name && m.version === version);
}

/** True when the model can have predictions (a prediction output, or imported: external). */
export const predicts = (m: ModelInfo) => m.predictionOutput !== null || m.external;

function jobFor(ctx: PageContext, model: string, version: number, dataset: string): JobInfo | undefined {
  return ctx.jobs().find((j) => j.model?.name === model && j.model.version === version && j.dataset?.name === dataset);
}

/**
 * An error answer shown as an explicit state: missing embeddings (with the extraction's progress
 * when one runs), missing predictions or masks, or anything else with the server's message.
 */
export function errorState(ctx: PageContext, e: unknown): HTMLElement {
  if (!(e instanceof ApiError)) return empty('Something went wrong', (e as Error).message ?? String(e), 'error');
  const x = e.extensions as { model?: string; modelVersion?: number; dataset?: string };
  switch (e.code) {
    case 'EMBEDDINGS_MISSING': {
      const job = x.model && x.dataset ? jobFor(ctx, x.model, x.modelVersion ?? 1, x.dataset) : undefined;
      const label = x.model ? `${modelLabel({ name: x.model, version: x.modelVersion ?? 1 })} on ${x.dataset}` : '';
      if (job && (job.state === 'queued' || job.state === 'running')) {
        const bar = h('div', {}, progressBar(job.done, job.total));
        const title = h('strong', {}, `Extraction ${job.state}: ${label}`);
        const state = h(
          'div',
          { className: 'state waiting', 'data-state': 'waiting', role: 'note' },
          title,
          h(
            'div',
            { className: 'detail' },
            bar,
            h('p', {}, 'This view is drawn again when the running extractions end.'),
          ),
        );
        // Live progress until the page redraws (when every extraction has ended).
        ctx.onJobs((jobs) => {
          const now = jobs.find((j) => j.id === job.id);
          if (!now) return;
          title.textContent = `Extraction ${now.state}: ${label}`;
          bar.replaceChildren(progressBar(now.done, now.total));
        });
        return state;
      }
      return empty(`No embeddings yet: ${label}`, e.message, 'waiting');
    }
    case 'PREDICTIONS_MISSING':
      return empty('No predictions', e.message);
    case 'MASKS_MISSING':
      return empty('No masks', e.message);
    case 'RANK_DEFICIENT':
      return empty('No variation to measure', e.message);
    case 'NETWORK':
      return empty('The server cannot be reached', e.message, 'error');
    default:
      return empty(`Error ${e.code}`, e.message, 'error');
  }
}

/** A model's display name with a hint of what it can show. */
export function modelTag(m: ModelInfo): HTMLElement {
  return h(
    'span',
    { className: 'model-tag' },
    modelLabel(m),
    predicts(m) ? null : h('small', { title: 'No prediction output: distances only' }, ' · features only'),
  );
}
