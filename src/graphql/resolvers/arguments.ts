// Argument shapes that several resolver files parse the same way.

/** A model named in arguments: its latest version unless `modelVersion` is given. */
export const modelRef = (name: string, version: number | null | undefined) => ({ name, version: version ?? null });

/** The `estimate` argument with its defaults, or null. */
export const estimateArg = (e: { samples: number; confidence: number; seed: number } | null | undefined) =>
  e ? { samples: e.samples, confidence: e.confidence, seed: e.seed } : null;
