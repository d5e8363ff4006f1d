import { gql } from '../api.js';
import { lineChart, PALETTE } from '../charts.js';
import { errorState, type PageContext, predicts } from '../context.js';
import { card, empty, fill, h, loading } from '../dom.js';
import { fixed, pct } from '../format.js';
import {
  COMPARE_VERSIONS,
  distanceScope,
  modelRef,
  type CompareVersionsAnswer,
  type ModelInfo,
  PERFORMANCE,
  type PerformanceAnswer,
  PREDICTED,
  type PredictedAnswer,
  VALIDATION,
  type ValidationAnswer,
  SPLITS,
  type SplitPart,
  type SplitsAnswer,
} from '../queries.js';
import { modelKey, modelLabel } from '../state.js';
import { selectedModels, selectionProblem, whisker } from './distances.js';

/**
 * Segmentation performance against distance: ODS per dataset, F-score vs min-max scaled IDist per
 * model version (paper Figures 4-6) and the split tables F(mu, sigma) (Tables 3-5).
 */
export function renderPerformance(ctx: PageContext): void {
  const problem = selectionProblem(ctx);
  if (problem) {
    ctx.root.append(problem);
    return;
  }
  const models = selectedModels(ctx);
  const scored = models.filter(predicts);
  const featuresOnly = models.filter((m) => !predicts(m));
  if (featuresOnly.length > 0) {
    ctx.root.append(
      h(
        'p',
        { className: 'note banner' },
        `${featuresOnly.map(modelLabel).join(', ')}: no prediction output, so distances only. `,
        'Performance needs a segmentation model (register it with ',
        h('code', {}, '--prediction-output'),
        ') or imported predictions (',
        h('code', {}, 'importPredictions'),
        ').',
      ),
    );
  }
  if (scored.length === 0) {
    ctx.root.append(
      empty(
        'No chosen model has predictions',
        'Tick a segmentation model above (one with a prediction output) to see F-scores.',
      ),
    );
    return;
  }
  ctx.root.append(odsCard(ctx, scored), predictedCard(ctx, scored), curvesCard(ctx, scored), splitsCard(ctx, scored));
}

// --- ODS per dataset (paper Figure 7, section 4.4) ------------------------------------------------

function odsCard(ctx: PageContext, models: ModelInfo[]): HTMLElement {
  const { sel } = ctx.route;
  const datasets = [sel.primary!, ...sel.secondaries];
  const { el, body } = card(
    'ODS F-score per dataset',
    'Best dataset-level F over the 100 thresholds, on the images that have a mask. On a set without cracks F is undefined: the cell shows the share of pixels predicted as crack at t = 0.5 instead (does the model see cracks where there are none? paper 4.4).',
    { id: 'ods' },
  );
  const table = h('table', { className: 'grid numeric', id: 'ods-table' });
  body.append(h('div', { className: 'table-wrap' }, table));
  fill(
    table,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { className: 'corner' }, 'model \\ dataset'),
        datasets.map((d, i) => h('th', {}, d, i === 0 ? h('small', {}, ' (primary)') : null)),
      ),
    ),
    h(
      'tbody',
      {},
      models.map((m) =>
        h(
          'tr',
          { 'data-model': modelKey(m) },
          h('th', { scope: 'row' }, modelLabel(m)),
          datasets.map((d) => {
            const td = h('td', { className: 'pending' }, '…');
            gql<PerformanceAnswer>(PERFORMANCE, { model: modelRef(m), dataset: d })
              .then(({ performance: p }) => {
                td.className = '';
                if (p.ods) {
                  td.textContent = fixed(p.ods.f, 3);
                  td.title = `ODS ${fixed(p.ods.f, 4)} at t = ${fixed(p.ods.threshold, 2)} · P ${fixed(p.ods.precision, 3)} · R ${fixed(p.ods.recall, 3)} · OIS ${fixed(p.ois, 3)} · ${p.imageCount} images`;
                } else {
                  td.className = 'fp';
                  td.textContent = `FP ${pct(p.fpRateAt05, 2)}`;
                  td.title = `${p.odsNullReason ?? ''} Predicted-crack pixels at t = 0.5: ${pct(p.fpRateAt05, 3)}.`;
                }
              })
              .catch((e: Error) => {
                td.className = 'na';
                td.textContent = 'n/a';
                td.title = e.message;
              });
            return td;
          }),
        ),
      ),
    ),
  );
  return el;
}

// --- F predicted without labels -------------------------------------------------------------------

function predictedCard(ctx: PageContext, models: ModelInfo[]): HTMLElement {
  const { sel } = ctx.route;
  const { el, body } = card(
    'ODS predicted from distance',
    `Without labels: per-image F (at the primary's ODS threshold) fitted as a non-increasing function of relative IDist on ${sel.primary} (cross-validated), predicted for each image of each secondary and averaged; 90 % conformal interval as a whisker on [0, 1]. Beside it the measured ODS where the set has masks. Below each model: the same prediction validated by holding out each secondary in turn.`,
    { id: 'predicted' },
  );
  for (const m of models) {
    const table = h('table', { className: 'grid numeric predicted', 'data-model': modelKey(m) });
    const rows = sel.secondaries.map((s) => {
      const predicted = h('td', { className: 'pending' }, '…');
      const measured = h('td', { className: 'pending' }, '…');
      gql<PredictedAnswer>(PREDICTED, { scope: distanceScope(m, sel), dataset: s })
        .then(({ predictedPerformance: p }) => {
          predicted.className = '';
          predicted.setAttribute('data-predicted', String(p.predictedOds));
          predicted.title = `${p.imageCount} images predicted from ${p.trainingImages} labelled images of ${sel.primary}; F at t = ${fixed(p.threshold, 2)}; interval [${fixed(p.odsInterval.low, 3)}, ${fixed(p.odsInterval.high, 3)}] (${p.odsInterval.method})`;
          fill(
            predicted,
            `${fixed(p.predictedOds, 3)} `,
            h('small', { className: 'muted' }, `[${fixed(p.odsInterval.low, 2)}, ${fixed(p.odsInterval.high, 2)}]`),
            whisker(p.odsInterval.low, p.odsInterval.high, p.predictedOds),
          );
          measured.className = p.measuredOds === null ? 'na' : '';
          measured.textContent = p.measuredOds === null ? 'no labels' : fixed(p.measuredOds, 3);
        })
        .catch((e: Error) => {
          for (const td of [predicted, measured]) {
            td.className = 'na';
            td.textContent = 'n/a';
            td.title = e.message;
          }
        });
      return h('tr', { 'data-secondary': s }, h('th', { scope: 'row' }, s), predicted, measured);
    });
    fill(
      table,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { className: 'corner' }, 'secondary'),
          h('th', {}, 'predicted ODS'),
          h('th', {}, 'measured ODS'),
        ),
      ),
      h('tbody', {}, rows),
    );
    const validation = h('p', { className: 'note' }, loading('validation'));
    gql<ValidationAnswer>(VALIDATION, { scope: distanceScope(m, sel), secondaries: sel.secondaries })
      .then(({ predictionValidation: v }) =>
        fill(
          validation,
          `Held out in turn: the interval covers the measured ODS for ${v.setCoverage === null ? '–' : pct(v.setCoverage, 0)} of the secondaries with cracks, ` +
            `per-image intervals cover ${v.imageCoverage === null ? '–' : pct(v.imageCoverage, 0)} of their images (nominal ${pct(v.level, 0)}); ` +
            `mean |predicted − measured| ODS ${fixed(v.meanAbsoluteError, 3)}.`,
        ),
      )
      .catch((e: Error) => fill(validation, `Validation unavailable: ${e.message}`));
    body.append(h('h3', {}, modelLabel(m)), h('div', { className: 'table-wrap' }, table), validation);
  }
  return el;
}

// --- Figures 4-6 ---------------------------------------------------------------------------------

function curvesCard(ctx: PageContext, models: ModelInfo[]): HTMLElement {
  const { sel } = ctx.route;
  const families = [...new Set(models.map((m) => m.family))];
  const { el, body } = card(
    'F-score vs distance',
    'Per-image F (at the set’s ODS threshold) against min-max scaled IDist, images sorted by IDist, moving average over a tenth of the images (paper Figures 4-6). One line per version of the model family; ρ = Spearman correlation of F with IDist. A flat line means the model generalises.',
    { id: 'curves' },
  );
  for (const family of families) {
    const grid = h('div', { className: 'figure-grid' });
    body.append(h('h3', {}, `Family ${family}`), grid);
    for (const secondary of sel.secondaries) {
      const caption = h('figcaption', {}, secondary);
      const chartEl = h('div', {
        className: 'chart',
        'data-chart': 'f-curve',
        'data-family': family,
        'data-secondary': secondary,
      });
      const status = h('div', {}, loading('curve'));
      grid.append(h('figure', { className: 'panel' }, caption, status, chartEl));
      gql<CompareVersionsAnswer>(COMPARE_VERSIONS, {
        family,
        primary: sel.primary,
        secondary,
        components: sel.components,
      })
        .then(({ compareVersions }) => {
          if (!ctx.isCurrent()) return;
          const drawn = compareVersions.versions.filter((v) => v.curve && v.curve.points.length > 0);
          const rho = h(
            'div',
            { className: 'rho' },
            compareVersions.versions.map((v, i) =>
              h(
                'span',
                { className: 'rho-item', 'data-version': String(v.model.version) },
                h('i', { style: `background:${PALETTE[i % PALETTE.length]}` }),
                `${modelLabel(v.model)}: `,
                v.curve?.spearman !== null && v.curve?.spearman !== undefined
                  ? h(
                      'b',
                      {
                        'data-spearman': String(v.curve.spearman),
                        title: v.curve.spearmanInterval
                          ? `${Math.round(100 * v.curve.spearmanInterval.level)} % percentile bootstrap interval (1000 resamples, seed 0)`
                          : '',
                      },
                      `ρ = ${fixed(v.curve.spearman, 3)}`,
                      v.curve.spearmanInterval
                        ? h(
                            'small',
                            { className: 'muted' },
                            ` [${fixed(v.curve.spearmanInterval.low, 2)}, ${fixed(v.curve.spearmanInterval.high, 2)}]`,
                          )
                        : null,
                    )
                  : h(
                      'span',
                      { className: 'muted', title: v.unavailableReason ?? v.curve?.reason ?? '' },
                      v.unavailableReason || v.curve?.reason ? 'no curve' : 'ρ undefined (constant F)',
                    ),
                v.curve?.ods ? h('span', { className: 'muted' }, ` · ODS ${fixed(v.curve.ods.f, 3)}`) : null,
              ),
            ),
          );
          caption.append(rho);
          if (drawn.length === 0) {
            const reason = compareVersions.versions.map((v) => v.unavailableReason ?? v.curve?.reason).find(Boolean);
            fill(status, empty('No curve', reason ?? 'No image of this set has both an IDist and a defined F.'));
            chartEl.remove();
            return;
          }
          fill(status);
          lineChart(
            chartEl,
            compareVersions.versions.flatMap((v, i) =>
              v.curve && v.curve.points.length > 0
                ? [
                    {
                      name: modelLabel(v.model),
                      color: PALETTE[i % PALETTE.length]!,
                      points: v.curve.points.map((p) => [p.scaled, p.smoothed] as [number, number]),
                      dots: v.curve.points.map((p) => [p.scaled, p.f] as [number, number]),
                    },
                  ]
                : [],
            ),
            { xName: 'min-max scaled IDist', yName: 'F-score', xMin: 0, xMax: 1, yMin: 0, yMax: 1, legend: false },
          );
        })
        .catch((e) => {
          if (!ctx.isCurrent()) return;
          fill(status, errorState(ctx, e));
          chartEl.remove();
        });
    }
  }
  return el;
}

// --- Tables 3-5 ----------------------------------------------------------------------------------

function splitsCard(ctx: PageContext, models: ModelInfo[]): HTMLElement {
  const { sel } = ctx.route;
  const { el, body } = card(
    'Splits by IDist',
    'Each secondary sorted by IDist and cut into halves (k = 2) and thirds (k = 3); nearest and farthest part as F(μ, σ): ODS F-score of the part, then mean and standard deviation of its min-max scaled IDist (paper Tables 3-5).',
    { id: 'splits' },
  );
  for (const m of models) {
    const table = h('table', { className: 'grid numeric splits', 'data-model': modelKey(m) });
    const cell = (part: SplitPart | undefined) =>
      part
        ? h(
            'td',
            {
              'data-ods': part.ods === null ? '' : String(part.ods),
              'data-low': part.odsInterval ? String(part.odsInterval.low) : '',
              'data-high': part.odsInterval ? String(part.odsInterval.high) : '',
              title:
                `${part.count} images (sorted positions ${part.from}-${part.to - 1})` +
                (part.odsInterval
                  ? ` · ODS 95 % bootstrap interval [${fixed(part.odsInterval.low, 4)}, ${fixed(part.odsInterval.high, 4)}] (images resampled within the part, ${part.odsInterval.resamples} resamples, seed ${part.odsInterval.seed})`
                  : ''),
            },
            part.label,
            part.odsInterval && part.ods !== null
              ? whisker(part.odsInterval.low, part.odsInterval.high, part.ods)
              : null,
          )
        : h('td', {}, '…');
    const rows = sel.secondaries.map((s) => {
      const tr = h(
        'tr',
        { 'data-secondary': s },
        h('th', { scope: 'row' }, s),
        h('td', { colspan: 4 }, loading('splits')),
      );
      gql<SplitsAnswer>(SPLITS, { scope: distanceScope(m, sel), secondary: s })
        .then((a) =>
          fill(
            tr,
            h('th', { scope: 'row' }, s),
            cell(a.k2.nearest),
            cell(a.k2.farthest),
            cell(a.k3.nearest),
            cell(a.k3.farthest),
          ),
        )
        .catch((e) =>
          fill(tr, h('th', { scope: 'row' }, s), h('td', { colspan: 4, className: 'row-state' }, errorState(ctx, e))),
        );
      return tr;
    });
    fill(
      table,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { rowspan: 2, className: 'corner' }, 'secondary'),
          h('th', { colspan: 2 }, 'k = 2'),
          h('th', { colspan: 2 }, 'k = 3'),
        ),
        h(
          'tr',
          {},
          h('th', {}, 'F(μ, σ) [0–50 %]'),
          h('th', {}, 'F(μ, σ) [50–100 %]'),
          h('th', {}, 'F(μ, σ) [0–33 %]'),
          h('th', {}, 'F(μ, σ) [67–100 %]'),
        ),
      ),
      h('tbody', {}, rows),
    );
    body.append(h('h3', {}, modelLabel(m)), h('div', { className: 'table-wrap' }, table));
  }
  return el;
}
