import { ApiError, fetchNpyFloat64, gql } from '../api.js';
import { lineChart, PALETTE, type ViolinGroup, violinChart } from '../charts.js';
import { errorState, findModel, type PageContext } from '../context.js';
import { card, empty, fill, h, loading } from '../dom.js';
import { fixed, num } from '../format.js';
import {
  distanceScope,
  IDIST_SUMMARY,
  type IdistSummaryAnswer,
  type ModelInfo,
  ODIST,
  ODIST_STATS,
  type OdistAnswer,
  type OdistEntryInfo,
  type OdistStatsAnswer,
  modelRef,
  PC_STABILITY,
  type PcStabilityAnswer,
} from '../queries.js';
import { modelKey, modelLabel } from '../state.js';

/** PCA components of the paper's Table 6. */
export const STABILITY_COMPONENTS = [5, 10, 15, 20, 25];

/** A colour per dataset that stays the same on every chart. */
export function datasetColor(ctx: PageContext, name: string): string {
  const i = ctx.cat.datasets.findIndex((d) => d.name === name);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length]!;
}

export function selectedModels(ctx: PageContext): ModelInfo[] {
  return ctx.route.sel.models.map((k) => findModel(ctx.cat, k)).filter((m): m is ModelInfo => m !== undefined);
}

/** The explicit states shared by the distance and performance pages; null when there is something to show. */
export function selectionProblem(ctx: PageContext): HTMLElement | null {
  const { cat, route } = ctx;
  if (cat.models.length === 0) {
    return empty(
      'No model registered yet',
      h(
        'div',
        {},
        'Distances live in a model’s feature space. Register an ONNX model (',
        h('code', {}, 'npx distmetrics register-model model.onnx --name … --tap …'),
        ') or import embeddings computed elsewhere (',
        h('code', {}, 'registerExternalModel'),
        ' + ',
        h('code', {}, 'importEmbeddings'),
        '); the demo registers two bundled models on an empty store.',
      ),
    );
  }
  if (route.sel.models.length === 0) return empty('No model chosen', 'Tick at least one model above.');
  if (route.sel.secondaries.length === 0)
    return empty(
      'No secondary chosen',
      'Tick at least one secondary dataset above: distances are measured from the primary to each secondary.',
    );
  return null;
}

export function renderDistances(ctx: PageContext): void {
  const problem = selectionProblem(ctx);
  if (problem) {
    ctx.root.append(problem);
    return;
  }
  ctx.root.append(odistCard(ctx), violinCard(ctx), stabilityCard(ctx));
}

// --- Table 2 -------------------------------------------------------------------------------------

function twoFarthest(entries: OdistEntryInfo[]): Set<string> {
  return new Set(
    [...entries]
      .sort((a, b) => b.scaled - a.scaled)
      .slice(0, 2)
      .map((e) => e.secondary.name),
  );
}

function odistCard(ctx: PageContext): HTMLElement {
  const { sel } = ctx.route;
  const models = selectedModels(ctx);
  let mode: 'scaled' | 'raw' = 'scaled';
  const answers = new Map<string, OdistAnswer['odist'] | Error>();
  const stats = new Map<string, OdistStatsAnswer['odist'] | Error>();
  let alpha = 0.05;
  const modeButton = (m: typeof mode, label: string) =>
    h('button', { type: 'button', className: 'seg', 'data-mode': m, onclick: () => ((mode = m), draw()) }, label);
  const alphaSelect = h(
    'select',
    {
      id: 'odist-alpha',
      title: 'Significance level of the permutation test: cells whose p-value is above it are marked n.s.',
      onchange: (ev: Event) => ((alpha = Number((ev.target as HTMLSelectElement).value)), draw()),
    },
    [0.05, 0.01, 0.001].map((a) => h('option', { value: String(a) }, `α = ${a}`)),
  );
  const actions = h(
    'div',
    { className: 'segmented' },
    modeButton('scaled', 'Scaled'),
    modeButton('raw', 'ODist'),
    alphaSelect,
  );
  const { el, body } = card(
    'Scaled ODist',
    `ODist(S, P) of each secondary from ${sel.primary}, divided by the row's sum (paper Table 2). Bold: the two farthest secondaries of each model. z = ${sel.components}, one PCA fit per pair. Whiskers: 95 % percentile bootstrap interval (1000 resamples, seed 0); n.s.: the energy-distance permutation test (R = 999, seed 0) does not reject "same distribution as the primary" at the chosen α.`,
    { id: 'odist', actions },
  );
  const table = h('table', { className: 'grid numeric', id: 'odist-table' });
  const notes = h('div', { className: 'notes' });
  body.append(h('div', { className: 'table-wrap' }, table), notes);

  const draw = () => {
    for (const b of actions.querySelectorAll('button')) b.classList.toggle('on', b.dataset.mode === mode);
    const head = h(
      'tr',
      {},
      h('th', { className: 'corner' }, 'model \\ secondary'),
      sel.secondaries.map((s) => h('th', { scope: 'col' }, s)),
    );
    const rows = models.map((m) => {
      const key = modelKey(m);
      const answer = answers.get(key);
      const name = h('th', { scope: 'row' }, modelLabel(m));
      if (answer === undefined)
        return h('tr', { 'data-model': key }, name, h('td', { colspan: sel.secondaries.length }, loading('distances')));
      if (answer instanceof Error)
        return h(
          'tr',
          { 'data-model': key },
          name,
          h('td', { colspan: sel.secondaries.length, className: 'row-state' }, errorState(ctx, answer)),
        );
      const far = twoFarthest(answer.secondaries);
      const st = stats.get(key);
      const statOf = (s: string) =>
        st && !(st instanceof Error) ? st.secondaries.find((x) => x.secondary.name === s) : undefined;
      const intervalOf = (s: string) => {
        const x = statOf(s);
        return x ? (mode === 'scaled' ? x.scaledInterval : x.odistInterval) : undefined;
      };
      // Whiskers share one scale per row: the largest upper bound.
      const rowMax = Math.max(...sel.secondaries.map((s) => intervalOf(s)?.high ?? 0));
      return h(
        'tr',
        { 'data-model': key },
        name,
        sel.secondaries.map((s) => {
          const e = answer.secondaries.find((x) => x.secondary.name === s);
          if (!e) return h('td', {}, '–');
          const value = mode === 'scaled' ? e.scaled : e.odist;
          const x = statOf(s);
          const ci = intervalOf(s);
          const significant = x ? x.energyTest.pValue <= alpha : true;
          const attrs: Record<string, string> = {
            className: [far.has(s) ? 'far' : '', significant ? '' : 'ns'].filter(Boolean).join(' '),
            'data-secondary': s,
            'data-scaled': String(e.scaled),
            'data-odist': String(e.odist),
            title:
              `ODist ${num(e.odist)} · scaled ${fixed(e.scaled, 4)} · ODist(P, P) baseline ${num(e.baseline)} · z used ${e.fit.componentsUsed}` +
              (x
                ? ` · energy E ${num(x.energyTest.statistic)}, permutation p = ${fixed(x.energyTest.pValue, 4)} (${x.energyTest.exact ? 'exact, ' : ''}R = ${x.energyTest.permutations}, seed ${x.energyTest.seed})` +
                  ` · 95 % CI [${mode === 'scaled' ? fixed(ci!.low, 4) : num(ci!.low)}, ${mode === 'scaled' ? fixed(ci!.high, 4) : num(ci!.high)}]`
                : ''),
          };
          if (x) {
            attrs['data-p'] = String(x.energyTest.pValue);
            attrs['data-low'] = String(ci!.low);
            attrs['data-high'] = String(ci!.high);
          }
          return h(
            'td',
            attrs,
            mode === 'scaled' ? fixed(value, 3) : num(value),
            ci && rowMax > 0 ? whisker(ci.low / rowMax, ci.high / rowMax, value / rowMax) : null,
          );
        }),
      );
    });
    fill(table, h('thead', {}, head), h('tbody', {}, rows));
    fill(notes, odistNotes(ctx, answers));
  };
  draw();

  for (const m of models) {
    gql<OdistAnswer>(ODIST, { scope: distanceScope(m, sel), secondaries: sel.secondaries })
      .then((a) => {
        answers.set(modelKey(m), a.odist);
        // The statistics come second, so the table never waits for the permutation tests.
        return gql<OdistStatsAnswer>(ODIST_STATS, { scope: distanceScope(m, sel), secondaries: sel.secondaries })
          .then((st) => stats.set(modelKey(m), st.odist))
          .catch((e: Error) => stats.set(modelKey(m), e))
          .finally(() => ctx.isCurrent() && draw());
      })
      .catch((e: Error) => answers.set(modelKey(m), e))
      .finally(() => ctx.isCurrent() && draw());
  }
  return el;
}

/** An interval as a whisker under a number (fractions of the row's scale); no text, so cells read as before. */
export function whisker(low: number, high: number, value: number): HTMLElement {
  const at = (x: number) => `${(100 * Math.max(0, Math.min(1, x))).toFixed(1)}%`;
  return h(
    'span',
    { className: 'ci', 'aria-hidden': 'true' },
    h('span', { style: `left:${at(low)};width:calc(${at(high)} - ${at(low)})` }),
    h('i', { style: `left:${at(value)}` }),
  );
}

function odistNotes(ctx: PageContext, answers: Map<string, OdistAnswer['odist'] | Error>): HTMLElement[] {
  const notes: HTMLElement[] = [];
  const missing = new Map<string, number>();
  const clamped = new Set<string>();
  for (const a of answers.values()) {
    if (a instanceof Error) continue;
    for (const e of a.secondaries) {
      for (const f of e.fit.fittedOn)
        if (f.imagesWithoutEmbedding > 0)
          missing.set(f.dataset.name, Math.max(missing.get(f.dataset.name) ?? 0, f.imagesWithoutEmbedding));
      if (e.fit.clampReason) clamped.add(`${e.secondary.name}: ${e.fit.clampReason}`);
    }
  }
  if (missing.size > 0) {
    notes.push(
      h(
        'p',
        { className: 'note warn' },
        'Partial: ',
        [...missing].map(([d, n]) => `${d} has ${n} image${n > 1 ? 's' : ''} without an embedding`).join('; '),
        ctx.jobs().some((j) => j.state === 'running' || j.state === 'queued')
          ? ' (extraction running; the table refreshes when it ends).'
          : '.',
      ),
    );
  }
  for (const c of clamped) notes.push(h('p', { className: 'note' }, `Fewer components than asked: ${c}`));
  return notes;
}

// --- Figure 3 ------------------------------------------------------------------------------------

function violinCard(ctx: PageContext): HTMLElement {
  const { sel } = ctx.route;
  const { el, body } = card(
    'IDist distribution',
    `IDist(s, P) = sum of an image's distances to every image of ${sel.primary}, for each image s of each secondary (paper Figure 3). Violin: kernel density; box: quartiles and 1.5 IQR whiskers.`,
    { id: 'idist-violins' },
  );
  const grid = h('div', { className: 'figure-grid' });
  body.append(grid);
  for (const m of selectedModels(ctx)) {
    const chartEl = h('div', { className: 'chart', 'data-chart': 'violin', 'data-model': modelKey(m) });
    const status = h('div', {}, loading(`IDist of ${sel.secondaries.length} secondaries`));
    grid.append(h('figure', { className: 'panel' }, h('figcaption', {}, modelLabel(m)), status, chartEl));
    void drawViolins(ctx, m, chartEl, status);
  }
  return el;
}

async function drawViolins(ctx: PageContext, m: ModelInfo, chartEl: HTMLElement, status: HTMLElement): Promise<void> {
  const { sel } = ctx.route;
  const results = await Promise.allSettled(
    sel.secondaries.map(async (s) => {
      const a = await gql<IdistSummaryAnswer>(IDIST_SUMMARY, { scope: distanceScope(m, sel), secondary: s });
      return { name: s, values: await fetchNpyFloat64(a.idist.npyUrl) };
    }),
  );
  if (!ctx.isCurrent()) return;
  const groups: ViolinGroup[] = [];
  const failures: unknown[] = [];
  results.forEach((r) => {
    if (r.status === 'fulfilled' && r.value.values.length > 0)
      groups.push({ ...r.value, color: datasetColor(ctx, r.value.name) });
    else if (r.status === 'rejected') failures.push(r.reason);
  });
  if (groups.length === 0) {
    fill(status, failures.length ? errorState(ctx, failures[0]) : empty('No IDist values'));
    chartEl.remove();
    return;
  }
  fill(
    status,
    failures.length
      ? leftOutNote(
          ctx,
          sel.secondaries.filter((_, i) => results[i]!.status === 'rejected'),
          failures,
        )
      : null,
  );
  violinChart(chartEl, groups, 'IDist(s, P)');
}

/** Which secondaries a figure leaves out, and why (waiting for extraction, or the error). */
function leftOutNote(ctx: PageContext, names: string[], failures: unknown[]): HTMLElement {
  const waiting = failures.every((f) => f instanceof ApiError && f.code === 'EMBEDDINGS_MISSING');
  const running = ctx.jobs().some((j) => j.state === 'queued' || j.state === 'running');
  if (waiting) {
    return h(
      'p',
      { className: 'note warn' },
      `Not extracted yet: ${names.join(', ')}${running ? ' (extraction running; the figure completes when it ends)' : ''}.`,
    );
  }
  return h('p', { className: 'note warn' }, `Left out: ${names.join(', ')}: ${(failures[0] as Error).message}`);
}

// --- Table 6 -------------------------------------------------------------------------------------

function stabilityCard(ctx: PageContext): HTMLElement {
  const { sel } = ctx.route;
  const models = selectedModels(ctx);
  const model = models.find((m) => modelKey(m) === sel.model) ?? models[0]!;
  const picker = h(
    'select',
    {
      'aria-label': 'Model for PC stability',
      onchange: (ev: Event) => ctx.navigate({ model: (ev.target as HTMLSelectElement).value }),
    },
    models.map((m) => h('option', { value: modelKey(m), selected: m === model }, modelLabel(m))),
  );
  const { el, body } = card(
    'PC stability',
    `Scaled ODist for z = ${STABILITY_COMPONENTS.join(', ')} principal components (paper Table 6, appendix A.1): the distances settle as z grows.`,
    { id: 'pc-stability', actions: picker },
  );
  const content = h('div', { className: 'split-layout' });
  body.append(content);
  fill(content, loading('PC stability'));
  gql<PcStabilityAnswer>(PC_STABILITY, {
    model: modelRef(model),
    primary: sel.primary,
    secondaries: sel.secondaries,
    components: STABILITY_COMPONENTS,
  })
    .then(({ pcStability }) => {
      if (!ctx.isCurrent()) return;
      const names = pcStability.scaledOver.map((d) => d.name);
      const table = h(
        'table',
        { className: 'grid numeric', id: 'pc-stability-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { className: 'corner' }, 'z'),
            names.map((n) => h('th', {}, n)),
          ),
        ),
        h(
          'tbody',
          {},
          pcStability.rows.map((r) => {
            const clamped = r.entries.find((e) => e.fit.componentsUsed < r.componentsRequested);
            return h(
              'tr',
              {},
              h(
                'th',
                {
                  scope: 'row',
                  title: clamped ? `z used ${clamped.fit.componentsUsed}: ${clamped.fit.clampReason}` : '',
                },
                String(r.componentsRequested),
                clamped ? '*' : '',
              ),
              names.map((n) => {
                const e = r.entries.find((x) => x.secondary.name === n);
                return h('td', { 'data-scaled': e ? String(e.scaled) : '' }, fixed(e?.scaled, 3));
              }),
            );
          }),
        ),
      );
      const chartEl = h('div', { className: 'chart small', 'data-chart': 'pc-stability' });
      fill(content, h('div', { className: 'table-wrap' }, table), chartEl);
      lineChart(
        chartEl,
        names.map((n) => ({
          name: n,
          color: datasetColor(ctx, n),
          points: pcStability.rows.map(
            (r) =>
              [r.componentsRequested, r.entries.find((e) => e.secondary.name === n)?.scaled ?? NaN] as [number, number],
          ),
        })),
        { xName: 'principal components z', yName: 'scaled ODist', xMin: 0, yScale: true, digits: 3 },
      );
    })
    .catch((e) => ctx.isCurrent() && fill(content, errorState(ctx, e)));
  return el;
}
