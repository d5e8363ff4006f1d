// Argument shapes that several resolver files parse the same way.
import type { DistanceScope, ModelRef } from '../__generated__/resolvers-types.js';

/** A ModelRef argument: its latest version unless `version` is given. */
export const modelRef = (m: ModelRef) => ({ name: m.name, version: m.version ?? null });

/** A DistanceScope argument, as the model, primary and components the services take. */
export const scopeArgs = (s: DistanceScope) => ({
  model: modelRef(s.model),
  primary: s.primary,
  components: s.components,
});

/** The `estimate` argument with its defaults, or null. */
export const estimateArg = (e: { samples: number; confidence: number; seed: number } | null | undefined) =>
  e ? { samples: e.samples, confidence: e.confidence, seed: e.seed } : null;
