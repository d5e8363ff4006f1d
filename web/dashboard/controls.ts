import { modelTag, type PageContext } from './context.js';
import { fill, h } from './dom.js';
import { modelKey, modelLabel } from './state.js';

/**
 * The selection bar: the primary (training set), the secondaries, the models (the ODist table's
 * rows) and z. The image pages take one model and one secondary instead.
 */
export function renderControls(el: HTMLElement, ctx: PageContext): void {
  const { cat, route } = ctx;
  const sel = route.sel;
  if (route.page === 'jobs' || cat.datasets.length === 0) {
    fill(el);
    el.hidden = true;
    return;
  }
  el.hidden = false;

  const primary = h(
    'select',
    {
      id: 'sel-primary',
      'aria-label': 'Primary dataset',
      onchange: (ev: Event) => ctx.navigate({ primary: (ev.target as HTMLSelectElement).value, secondaries: [] }),
    },
    cat.datasets.map((d) =>
      h('option', { value: d.name, selected: d.name === sel.primary }, `${d.name} (${d.imageCount})`),
    ),
  );
  const z = h('input', {
    id: 'sel-z',
    type: 'number',
    min: 1,
    max: 200,
    value: sel.components,
    'aria-label': 'PCA components',
    onchange: (ev: Event) => {
      const v = Number((ev.target as HTMLInputElement).value);
      if (Number.isInteger(v) && v > 0) ctx.navigate({ components: v });
    },
  });
  const field = (label: string, ...content: (Node | string)[]) =>
    h('div', { className: 'field' }, h('label', {}, label), ...content);

  const candidates = cat.datasets.filter((d) => d.name !== sel.primary);
  if (route.page === 'images') {
    const model = h(
      'select',
      {
        id: 'sel-model',
        'aria-label': 'Model',
        onchange: (ev: Event) => ctx.navigate({ model: (ev.target as HTMLSelectElement).value }),
      },
      cat.models.map((m) => h('option', { value: modelKey(m), selected: modelKey(m) === sel.model }, modelLabel(m))),
    );
    const secondary = h(
      'select',
      {
        id: 'sel-secondary',
        'aria-label': 'Secondary dataset',
        onchange: (ev: Event) => ctx.navigate({ secondary: (ev.target as HTMLSelectElement).value }),
      },
      candidates.map((d) =>
        h('option', { value: d.name, selected: d.name === sel.secondary }, `${d.name} (${d.imageCount})`),
      ),
    );
    fill(el, field('Primary', primary), field('Secondary', secondary), field('Model', model), field('Components z', z));
    return;
  }

  const chip = (
    checked: boolean,
    label: Node | string,
    onChange: (on: boolean) => void,
    attrs: Record<string, string> = {},
  ) =>
    h(
      'label',
      { className: `chip${checked ? ' on' : ''}`, ...attrs },
      h('input', {
        type: 'checkbox',
        checked,
        onchange: (ev: Event) => onChange((ev.target as HTMLInputElement).checked),
      }),
      label,
    );
  const secondaries = h(
    'div',
    { className: 'chips', id: 'sel-secondaries' },
    candidates.map((d) =>
      chip(
        sel.secondaries.includes(d.name),
        `${d.name}`,
        (on) =>
          ctx.navigate({
            secondaries: candidates.map((c) => c.name).filter((n) => (n === d.name ? on : sel.secondaries.includes(n))),
          }),
        { 'data-dataset': d.name, title: `${d.imageCount} images, ${d.maskCount} masks` },
      ),
    ),
    candidates.length > 1
      ? h(
          'button',
          {
            className: 'link',
            type: 'button',
            onclick: () => ctx.navigate({ secondaries: candidates.map((c) => c.name) }),
          },
          'all',
        )
      : null,
  );
  const models = h(
    'div',
    { className: 'chips', id: 'sel-models' },
    cat.models.length === 0 ? h('span', { className: 'muted' }, 'none registered') : null,
    cat.models.map((m) =>
      chip(
        sel.models.includes(modelKey(m)),
        modelTag(m),
        (on) =>
          ctx.navigate({
            models: cat.models.map(modelKey).filter((k) => (k === modelKey(m) ? on : sel.models.includes(k))),
          }),
        { 'data-model': modelKey(m) },
      ),
    ),
  );
  fill(
    el,
    field('Primary', primary),
    field('Secondaries', secondaries),
    field('Models', models),
    field('Components z', z),
  );
}
