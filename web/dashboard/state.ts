import type { CatalogueAnswer, ModelInfo } from './queries.js';

/**
 * What is on screen, kept in the URL's hash (`#/distances?models=a@1,b@2&primary=p&…`), so every
 * view is a link that can be shared, bookmarked and reloaded.
 */

export const PAGES = ['distances', 'performance', 'images', 'jobs'] as const;
export type Page = (typeof PAGES)[number];

export interface Selection {
  /** Model versions as `name@version`. */
  models: string[];
  primary: string | null;
  secondaries: string[];
  /** PCA components z. */
  components: number;
  /** The one model and secondary of the image pages. */
  model: string | null;
  secondary: string | null;
}

export interface Route {
  page: Page;
  sel: Selection;
}

export const DEFAULT_COMPONENTS = 25;

export const modelKey = (m: { name: string; version: number }) => `${m.name}@${m.version}`;
export const modelLabel = (m: { name: string; version: number }) => `${m.name} v${m.version}`;

export function parseModelKey(key: string): { name: string; version: number } {
  const at = key.lastIndexOf('@');
  return { name: key.slice(0, at), version: Number(key.slice(at + 1)) };
}

/** The latest version of every model name: the default rows of the ODist table. */
function latestVersions(models: ModelInfo[]): string[] {
  const latest = new Map<string, ModelInfo>();
  for (const m of models) if ((latest.get(m.name)?.version ?? -1) < m.version) latest.set(m.name, m);
  return [...latest.values()].map(modelKey);
}

const list = (raw: string | null) => (raw ? raw.split(',').filter(Boolean) : null);

/** Reads the hash, fills what is missing with defaults from the catalogue, drops unknown names. */
export function parseRoute(hash: string, cat: CatalogueAnswer): Route {
  const [pathPart = '', queryPart = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = (PAGES as readonly string[]).includes(pathPart) ? (pathPart as Page) : 'distances';
  const q = new URLSearchParams(queryPart);
  const modelKeys = new Set(cat.models.map(modelKey));
  const datasetNames = cat.datasets.map((d) => d.name);

  const models = (list(q.get('models')) ?? latestVersions(cat.models)).filter((k) => modelKeys.has(k));
  const primaryParam = q.get('primary');
  const primary = primaryParam && datasetNames.includes(primaryParam) ? primaryParam : (datasetNames[0] ?? null);
  const secondaries = (list(q.get('secondaries')) ?? datasetNames).filter(
    (n) => n !== primary && datasetNames.includes(n),
  );
  const z = Number(q.get('z'));
  const components = Number.isInteger(z) && z > 0 ? z : DEFAULT_COMPONENTS;
  const modelParam = q.get('model');
  const model =
    modelParam && modelKeys.has(modelParam) ? modelParam : (models[0] ?? cat.models.map(modelKey)[0] ?? null);
  const secondaryParam = q.get('secondary');
  const secondary =
    secondaryParam && datasetNames.includes(secondaryParam) && secondaryParam !== primary
      ? secondaryParam
      : (secondaries[0] ?? null);
  return { page, sel: { models, primary, secondaries, components, model, secondary } };
}

export function routeHash(route: Route): string {
  const { sel } = route;
  const q = new URLSearchParams();
  q.set('models', sel.models.join(','));
  if (sel.primary) q.set('primary', sel.primary);
  q.set('secondaries', sel.secondaries.join(','));
  if (sel.components !== DEFAULT_COMPONENTS) q.set('z', String(sel.components));
  if (sel.model) q.set('model', sel.model);
  if (sel.secondary) q.set('secondary', sel.secondary);
  return `#/${route.page}?${q.toString().replaceAll('%2C', ',').replaceAll('%40', '@')}`;
}
