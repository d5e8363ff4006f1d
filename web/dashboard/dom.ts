/** A small DOM builder: enough for tables, cards and states without a framework. */

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'className') el.className = String(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A titled panel; `body` is where its content goes. */
export function card(title: string, subtitle: string | Node, opts: { id?: string; actions?: Node } = {}) {
  const body = h('div', { className: 'card-body' });
  const el = h(
    'section',
    { className: 'card', id: opts.id },
    h(
      'header',
      { className: 'card-head' },
      h('div', {}, h('h2', {}, title), h('p', { className: 'sub' }, subtitle)),
      opts.actions ?? null,
    ),
    body,
  );
  return { el, body };
}

/** Explicit states: a page is never blank while it waits, and never silent when there is nothing. */
export function loading(what: string): HTMLElement {
  return h(
    'div',
    { className: 'state loading', role: 'status', 'data-state': 'loading' },
    h('span', { className: 'spinner' }),
    `Loading ${what}…`,
  );
}

export function empty(
  title: string,
  detail?: string | Node,
  kind: 'empty' | 'waiting' | 'error' = 'empty',
): HTMLElement {
  return h(
    'div',
    { className: `state ${kind}`, 'data-state': kind, role: kind === 'error' ? 'alert' : 'note' },
    h('strong', {}, title),
    detail ? h('div', { className: 'detail' }, detail) : null,
  );
}

export function pill(text: string, kind: string): HTMLElement {
  return h('span', { className: `pill ${kind}` }, text);
}

export function progressBar(done: number, total: number): HTMLElement {
  const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  return h(
    'div',
    { className: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': total, 'aria-valuenow': done },
    h('div', { className: 'bar', style: `width:${pct.toFixed(1)}%` }),
    h('span', { className: 'label' }, `${done} / ${total}`),
  );
}
