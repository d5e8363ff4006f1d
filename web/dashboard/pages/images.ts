import { gql } from '../api.js';
import { errorState, findModel, type PageContext } from '../context.js';
import { card, empty, fill, h, loading } from '../dom.js';
import { fixed, num } from '../format.js';
import {
  distanceScope,
  FARTHEST,
  type FarthestAnswer,
  IMAGE_DETAIL,
  type ImageDetailAnswer,
  type ImageIdistInfo,
  type ImageRef,
  LABEL_CANDIDATES,
  type LabelCandidatesAnswer,
  type ModelInfo,
} from '../queries.js';
import { modelLabel } from '../state.js';

const GALLERY_SIZE = 24;
const NEIGHBOURS = 8;

/**
 * Images: the secondary's farthest images (why is this one far? its nearest primary images),
 * and which images to label next (paper 4.3), downloadable as CSV or JSON.
 */
export function renderImages(ctx: PageContext): void {
  const { sel } = ctx.route;
  const model = sel.model ? findModel(ctx.cat, sel.model) : undefined;
  if (!model) {
    ctx.root.append(
      empty(
        'No model registered yet',
        'Register a model (or start on an empty store with the demo) to rank images by distance.',
      ),
    );
    return;
  }
  if (!sel.secondary) {
    ctx.root.append(
      empty('No secondary dataset', 'Import a second dataset: images are ranked by their distance from the primary.'),
    );
    return;
  }
  const detail = card(
    'Image detail',
    'Click an image to see its distances and the primary images nearest to it in the PCA space of the pair.',
    { id: 'image-detail' },
  );
  fill(detail.body, empty('No image chosen', 'Click a thumbnail in the gallery.'));
  const layout = h(
    'div',
    { className: 'gallery-layout' },
    galleryCard(ctx, model, (item) => showDetail(ctx, model, item, detail.body)),
    detail.el,
  );
  ctx.root.append(layout, labelCard(ctx, model));
}

function tile(
  image: ImageRef,
  lines: (string | Node)[],
  attrs: Record<string, string | EventListener> = {},
): HTMLElement {
  return h(
    'button',
    { type: 'button', className: 'tile', title: image.fileName, ...attrs },
    h('img', { src: image.thumbnailUrl, alt: image.fileName, loading: 'lazy', width: 96, height: 96 }),
    h(
      'span',
      { className: 'tile-text' },
      lines.map((l) => h('span', {}, l)),
    ),
  );
}

function scaledBar(scaled: number): HTMLElement {
  const clamped = Math.max(0, Math.min(1, scaled));
  return h(
    'span',
    { className: 'scaled-bar', title: `min-max scaled IDist ${fixed(scaled, 3)}` },
    h('span', { style: `width:${(100 * clamped).toFixed(0)}%` }),
  );
}

/** A conformal p-value as a tile line: small ones stand out. */
function pValueLine(p: number): HTMLElement {
  return h(
    'span',
    {
      className: p <= 0.01 ? 'p-value low' : 'p-value',
      title: `conformal p-value: farther from the primary than ${(100 * (1 - p)).toFixed(1)} % of the primary's own images are from the rest`,
    },
    `p = ${p < 0.001 ? p.toExponential(1) : fixed(p, 3)}`,
  );
}

function galleryCard(ctx: PageContext, model: ModelInfo, onPick: (item: ImageIdistInfo) => void): HTMLElement {
  const { sel } = ctx.route;
  let maxPValue: number | null = null;
  const filter = h(
    'select',
    {
      id: 'farthest-filter',
      title: 'Show only images whose conformal p-value is at most this',
      onchange: (ev: Event) => {
        const v = (ev.target as HTMLSelectElement).value;
        maxPValue = v === '' ? null : Number(v);
        load();
      },
    },
    h('option', { value: '' }, 'all'),
    h('option', { value: '0.05' }, 'p ≤ 0.05'),
    h('option', { value: '0.01' }, 'p ≤ 0.01'),
  );
  const { el, body } = card(
    'Farthest images',
    `Images of ${sel.secondary} with the largest IDist from ${sel.primary} (up to ${GALLERY_SIZE}, farthest first), for ${modelLabel(model)}, z = ${sel.components}. Rank 1 = nearest. p: conformal p-value of the IDist against the primary's own leave-one-out IDists (p = 0.01: farther than 99 % of the primary's images are from the rest).`,
    { id: 'farthest', actions: filter },
  );
  const load = () => {
    fill(body, loading('the farthest images'));
    gql<FarthestAnswer>(FARTHEST, {
      scope: distanceScope(model, sel),
      secondary: sel.secondary,
      k: GALLERY_SIZE,
      maxPValue,
    })
      .then(({ farthestImages, idist }) => {
        if (!ctx.isCurrent()) return;
        if (farthestImages.items.length === 0) {
          fill(
            body,
            maxPValue !== null
              ? empty('No image that far', `No image of ${sel.secondary} has a conformal p-value ≤ ${maxPValue}.`)
              : empty(
                  'No images with an embedding',
                  `${sel.secondary} has no image embedded by ${modelLabel(model)} yet.`,
                ),
          );
          return;
        }
        const m = idist.totalCount;
        const gallery = h(
          'div',
          { className: 'gallery', id: 'farthest-gallery' },
          farthestImages.items.map((item) =>
            tile(
              item.image,
              [
                h('b', {}, `rank ${item.rank} / ${m}`),
                `IDist ${num(item.idist)}`,
                pValueLine(item.pValue),
                scaledBar(item.scaled),
              ],
              {
                'data-image': item.image.id,
                'data-p': String(item.pValue),
                onclick: (ev: Event) => {
                  for (const t of gallery.querySelectorAll('.tile.selected')) t.classList.remove('selected');
                  (ev.currentTarget as HTMLElement).classList.add('selected');
                  onPick(item);
                },
              },
            ),
          ),
        );
        fill(body, gallery);
      })
      .catch((e) => ctx.isCurrent() && fill(body, errorState(ctx, e)));
  };
  load();
  return el;
}

function showDetail(ctx: PageContext, model: ModelInfo, item: ImageIdistInfo, body: HTMLElement): void {
  const { sel } = ctx.route;
  const image = item.image;
  const figure = h('img', { className: 'detail-image', src: image.url, alt: image.fileName });
  const maskToggle = image.maskUrl
    ? h(
        'label',
        { className: 'mask-toggle' },
        h('input', {
          type: 'checkbox',
          onchange: (ev: Event) => (figure.src = (ev.target as HTMLInputElement).checked ? image.maskUrl! : image.url),
        }),
        ' show mask',
      )
    : h('span', { className: 'muted' }, 'no mask');
  const numbers = h('dl', { className: 'facts' });
  const neighbours = h('div', { className: 'neighbours' }, loading('nearest primary images'));
  fill(
    body,
    h(
      'div',
      { className: 'detail', 'data-image': image.id },
      h(
        'div',
        { className: 'detail-top' },
        h(
          'div',
          { className: 'detail-left' },
          figure,
          h(
            'div',
            { className: 'detail-caption' },
            h('b', {}, image.fileName),
            ` ${image.width}×${image.height} `,
            maskToggle,
          ),
        ),
        numbers,
      ),
      h('h4', {}, `Nearest images of ${sel.primary} (distance in the pair's PCA space)`),
      neighbours,
    ),
  );
  const fact = (k: string, v: string | Node) => [h('dt', {}, k), h('dd', {}, v)];
  fill(
    numbers,
    fact('rank (1 = nearest)', String(item.rank)),
    fact('IDist (sum)', num(item.idist)),
    fact('scaled IDist', fixed(item.scaled, 3)),
  );
  gql<ImageDetailAnswer>(IMAGE_DETAIL, {
    image: image.id,
    scope: distanceScope(model, sel),
    k: NEIGHBOURS,
  })
    .then((a) => {
      if (!body.contains(numbers)) return;
      fill(
        numbers,
        fact('rank (1 = nearest)', String(item.rank)),
        fact('IDist (sum)', num(a.sum.idist)),
        fact('IDist (mean per primary image)', num(a.mean.idist)),
        fact('scaled IDist', fixed(a.sum.scaled, 3)),
        fact('conformal p-value', pValueLine(a.sum.pValue)),
        a.sum.projected ? fact('projected', 'added after the fit: projected with it') : null,
      );
      fill(
        neighbours,
        h(
          'div',
          { className: 'gallery small', id: 'neighbour-gallery' },
          a.nearestPrimaryImages.neighbors.map((n) =>
            tile(n.image, [`#${n.rank}`, `d = ${num(n.distance)}`], {
              'data-image': n.image.id,
              onclick: () => window.open(n.image.url, '_blank'),
            }),
          ),
        ),
      );
    })
    .catch((e) => body.contains(neighbours) && fill(neighbours, errorState(ctx, e)));
}

function labelCard(ctx: PageContext, model: ModelInfo): HTMLElement {
  const { sel } = ctx.route;
  const form = { strategy: 'RANDOM', count: 3, seed: 0 };
  const strategy = h(
    'select',
    {
      'aria-label': 'Strategy',
      id: 'label-strategy',
      onchange: (ev: Event) => ((form.strategy = (ev.target as HTMLSelectElement).value), load()),
    },
    [
      ['RANDOM', 'random (the paper)'],
      ['FARTHEST', 'farthest first'],
      ['DIVERSE', 'diverse (k-center)'],
    ].map(([v, t]) => h('option', { value: v!, selected: v === form.strategy }, t!)),
  );
  const count = h('input', {
    type: 'number',
    min: 1,
    max: 100,
    value: form.count,
    'aria-label': 'How many',
    onchange: (ev: Event) => ((form.count = Math.max(1, Number((ev.target as HTMLInputElement).value) || 1)), load()),
  });
  const seed = h('input', {
    type: 'number',
    min: 0,
    value: form.seed,
    'aria-label': 'Seed',
    onchange: (ev: Event) => ((form.seed = Math.max(0, Number((ev.target as HTMLInputElement).value) || 0)), load()),
  });
  const actions = h(
    'div',
    { className: 'inline-form' },
    h('label', {}, 'strategy ', strategy),
    h('label', {}, 'count ', count),
    h('label', {}, 'seed ', seed),
  );
  const { el, body } = card(
    'Which images to label',
    `Candidates: images of ${sel.secondary} whose min-max scaled IDist lies in [0.6, 1]; pick a few to label and add to the training set (paper 4.3, which uses 1, 3 or 7).`,
    { id: 'label-candidates', actions },
  );
  const load = () => {
    fill(body, loading('label candidates'));
    gql<LabelCandidatesAnswer>(LABEL_CANDIDATES, {
      scope: distanceScope(model, sel),
      secondary: sel.secondary,
      strategy: form.strategy,
      count: form.count,
      seed: form.seed,
    })
      .then(({ labelCandidates: l }) => {
        if (!ctx.isCurrent()) return;
        const downloads = h(
          'div',
          { className: 'downloads' },
          h('a', { className: 'button', href: l.csvUrl, download: '', id: 'download-csv' }, 'Download CSV'),
          h('a', { className: 'button', href: l.jsonUrl, download: '', id: 'download-json' }, 'Download JSON'),
        );
        fill(
          body,
          h(
            'p',
            {},
            `${l.candidateCount} candidate${l.candidateCount === 1 ? '' : 's'} with scaled IDist in [${l.lower}, ${l.upper}]; ${l.picks.length} picked.`,
          ),
          l.picks.length === 0
            ? empty('No candidate', 'No image of this secondary lies in the range.')
            : h(
                'div',
                { className: 'gallery', id: 'label-gallery' },
                l.picks.map((p) =>
                  tile(p.image, [h('b', {}, `pick ${p.pick}`), `rank ${p.rank}`, scaledBar(p.scaled)], {
                    'data-image': p.image.id,
                    onclick: () => window.open(p.image.url, '_blank'),
                  }),
                ),
              ),
          downloads,
        );
      })
      .catch((e) => ctx.isCurrent() && fill(body, errorState(ctx, e)));
  };
  load();
  return el;
}
