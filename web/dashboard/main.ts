import { signOut, storedToken } from '../sign-in.js';
import { ApiError, gql, onActivity } from './api.js';
import { disposeCharts } from './charts.js';
import type { PageContext } from './context.js';
import { renderControls } from './controls.js';
import { empty, fill, h } from './dom.js';
import { renderDistances } from './pages/distances.js';
import { renderImages } from './pages/images.js';
import { renderJobs } from './pages/jobs.js';
import { renderPerformance } from './pages/performance.js';
import { CATALOGUE, type CatalogueAnswer, JOBS, type JobInfo, type JobsAnswer } from './queries.js';
import { type Page, parseRoute, type Route, routeHash } from './state.js';
import './style.css';

/**
 * The dashboard: the paper's tables and figures for a chosen primary, secondaries and models,
 * computed live through POST /graphql. One page at a time, chosen by the URL's hash.
 */

const TABS: { page: Page; title: string }[] = [
  { page: 'distances', title: 'Distances' },
  { page: 'performance', title: 'Performance' },
  { page: 'images', title: 'Images' },
  { page: 'jobs', title: 'Jobs' },
];

const RENDER: Record<Page, (ctx: PageContext) => void> = {
  distances: renderDistances,
  performance: renderPerformance,
  images: renderImages,
  jobs: renderJobs,
};

const app = document.getElementById('app')!;
let cat: CatalogueAnswer | null = null;
let jobs: JobInfo[] = [];
let generation = 0;
let jobListeners: ((jobs: JobInfo[]) => void)[] = [];

const nav = h('nav', { className: 'tabs' });
const jobBadge = h('a', { className: 'job-badge idle', href: '#/jobs', 'data-testid': 'job-badge' }, 'Jobs');
const activity = h('span', { className: 'activity', title: 'Requests in flight' });
const controls = h('div', { className: 'controls' });
const main = h('main', { className: 'page' });

onActivity((n) => activity.classList.toggle('on', n > 0));

function shell(): void {
  fill(
    app,
    h(
      'header',
      { className: 'top' },
      h(
        'a',
        { className: 'brand', href: '#/distances' },
        'distmetrics',
        h('small', {}, 'distance to the training data, in the model’s feature space'),
      ),
      nav,
      h(
        'div',
        { className: 'top-right' },
        activity,
        jobBadge,
        h('a', { className: 'explorer-link', href: '/explorer', target: '_blank' }, 'GraphQL explorer ↗'),
        storedToken()
          ? h(
              'a',
              {
                className: 'explorer-link',
                href: '#',
                id: 'sign-out',
                onclick: (e: Event) => {
                  e.preventDefault();
                  signOut();
                },
              },
              'Sign out',
            )
          : null,
      ),
    ),
    controls,
    main,
  );
}

function currentRoute(): Route {
  return parseRoute(location.hash, cat!);
}

function render(): void {
  if (!cat) return;
  generation++;
  const mine = generation;
  disposeCharts();
  jobListeners = [];
  const route = currentRoute();
  const canonical = routeHash(route);
  if (location.hash !== canonical) history.replaceState(null, '', canonical);
  fill(
    nav,
    TABS.map((t) =>
      h(
        'a',
        {
          href: routeHash({ ...route, page: t.page }),
          className: t.page === route.page ? 'active' : '',
          'data-page': t.page,
        },
        t.title,
      ),
    ),
  );
  const ctx: PageContext = {
    cat,
    route,
    root: main,
    isCurrent: () => generation === mine,
    jobs: () => jobs,
    navigate: (change) => {
      const { page, ...sel } = change;
      location.hash = routeHash({ page: page ?? route.page, sel: { ...route.sel, ...sel } });
    },
    onJobs: (listener) => jobListeners.push(listener),
  };
  renderControls(controls, ctx);
  fill(main);
  main.dataset.page = route.page;
  if (cat.datasets.length === 0) {
    main.append(
      empty(
        'No datasets yet',
        h(
          'div',
          {},
          'Import images with ',
          h('code', {}, 'npx distmetrics import <folder> --masks <folder> --dataset <name>'),
          ', or start the server on an empty store with SEED_DEMO=true (the default) for the synthetic demo.',
        ),
      ),
    );
    return;
  }
  RENDER[route.page](ctx);
}

// --- jobs: a badge in the header, polled quickly while an extraction runs -------------------

const active = (list: JobInfo[]) => list.filter((j) => j.state === 'queued' || j.state === 'running');

function updateBadge(): void {
  const running = active(jobs);
  if (running.length === 0) {
    jobBadge.className = 'job-badge idle';
    fill(jobBadge, 'Jobs: idle');
    return;
  }
  // Extraction counts images, distance jobs count chunks: each kind is summed on its own.
  const parts: string[] = [];
  for (const [kind, label, unit] of [
    ['EXTRACTION', 'Extracting', 'images'],
    ['DISTANCES', 'Distances', 'chunks'],
  ] as const) {
    const of = running.filter((j) => j.kind === kind);
    if (of.length === 0) continue;
    const done = of.reduce((a, j) => a + j.done, 0);
    const total = of.reduce((a, j) => a + j.total, 0);
    parts.push(`${label}: ${of.length} job${of.length > 1 ? 's' : ''}, ${done}/${total} ${unit}`);
  }
  jobBadge.className = 'job-badge busy';
  fill(jobBadge, h('span', { className: 'spinner small' }), parts.join('; '));
}

async function pollJobs(): Promise<void> {
  let delay = 10_000;
  try {
    const before = active(jobs).length;
    jobs = (await gql<JobsAnswer>(JOBS, { first: 100 })).jobs;
    const now = active(jobs).length;
    updateBadge();
    for (const l of jobListeners) l(jobs);
    if (now > 0) delay = 2_000;
    // Extraction just finished: the views waiting for embeddings can now be drawn.
    if (before > 0 && now === 0 && currentRoute().page !== 'jobs') {
      await refreshCatalogue();
      render();
    }
  } catch {
    delay = 5_000;
  }
  setTimeout(pollJobs, delay);
}

async function refreshCatalogue(): Promise<void> {
  cat = await gql<CatalogueAnswer>(CATALOGUE);
}

async function start(): Promise<void> {
  shell();
  fill(
    main,
    h(
      'div',
      { className: 'state loading', 'data-state': 'loading' },
      h('span', { className: 'spinner' }),
      'Loading datasets and models…',
    ),
  );
  try {
    await refreshCatalogue();
    jobs = (await gql<JobsAnswer>(JOBS, { first: 100 })).jobs;
  } catch (e) {
    fill(main, empty('The dashboard could not load', e instanceof ApiError ? e.message : String(e), 'error'));
    return;
  }
  updateBadge();
  window.addEventListener('hashchange', render);
  render();
  setTimeout(pollJobs, active(jobs).length > 0 ? 2_000 : 10_000);
}

void start();
