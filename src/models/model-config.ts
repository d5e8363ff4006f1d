import { VECTOR_MAX_DIMENSION } from '../db/vector-binary.js';
import { AppError, ErrorCode, invariant } from '../errors.js';
import type { Tap, TapShape } from './onnx-session.js';
import type { PreprocessSpec } from './preprocess.js';
import type { Reduction } from './reduce.js';

/** pgvector stores at most 16,000 dimensions in a `vector`. */
export const PGVECTOR_MAX_DIMENSION = VECTOR_MAX_DIMENSION;
export const DEFAULT_INPUT_SIZE = 448;
export const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

export type ReductionKind = Reduction['kind'];
/** A tensor inside the graph and how it is reduced before concatenation. */
export type TapSpec = Tap;
export type { TapShape };

/** Stored in models.config: everything needed to turn an image into this model's embedding. */
export interface ModelConfig {
  external: boolean;
  input: PreprocessSpec;
  taps: TapSpec[];
  /** Output holding a per-pixel foreground probability; makes the model a segmentation model. */
  predictionOutput: string | null;
}

/** A model row's JSON columns as their types: what `modelJson` reads. */
export interface ModelJson {
  config: ModelConfig;
  /** Per tap, its tensor's dims and reduced length; empty before the first probe. */
  tapShapes: TapShape[];
}

const parsedJson = new WeakMap<object, ModelJson>();

/**
 * The typed config and tap shapes of a model row (whose columns Prisma types as any JSON),
 * checked once per row object and remembered, so every field of a model reads one parse.
 */
export function modelJson(row: { config: unknown; tapShapes: unknown }): ModelJson {
  let json = parsedJson.get(row);
  if (!json) {
    const config = row.config as Partial<ModelConfig> | null;
    invariant(
      typeof config === 'object' &&
        config !== null &&
        Array.isArray(config.taps) &&
        typeof config.external === 'boolean',
      'a model row holds a ModelConfig',
    );
    invariant(row.tapShapes === null || Array.isArray(row.tapShapes), 'a model row holds its tap shapes or null');
    json = { config: config as ModelConfig, tapShapes: (row.tapShapes ?? []) as TapShape[] };
    parsedJson.set(row, json);
  }
  return json;
}

export interface RegisterModelInput {
  name: string;
  family?: string | null;
  inputWidth?: number | null;
  inputHeight?: number | null;
  channelOrder?: 'RGB' | 'BGR' | null;
  mean?: number[] | null;
  std?: number[] | null;
  scale?: number | null;
  taps: { name: string; reduction: ReductionKind; grid?: number | null }[];
  predictionOutput?: string | null;
}

const MODEL_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;

export function assertModelName(name: string): void {
  if (!MODEL_NAME.test(name)) {
    throw new AppError(
      ErrorCode.INVALID_NAME,
      `Model name "${name}" is not valid: use a letter followed by up to 62 letters, digits, "_", "." or "-"`,
      { name },
    );
  }
}

function triple(
  v: number[] | null | undefined,
  fallback: [number, number, number],
  field: string,
  positive: boolean,
): [number, number, number] {
  if (v === null || v === undefined) return fallback;
  if (v.length !== 3 || v.some((x) => !Number.isFinite(x) || (positive && x <= 0))) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `${field} must be three finite numbers${positive ? ' > 0' : ''}, got [${v.join(', ')}]`,
      { field },
    );
  }
  return [v[0]!, v[1]!, v[2]!];
}

function size(v: number | null | undefined, field: string): number {
  const value = v ?? DEFAULT_INPUT_SIZE;
  if (!Number.isInteger(value) || value < 8 || value > 4096) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${field} must be an integer between 8 and 4096, got ${value}`, {
      field,
    });
  }
  return value;
}

/** Validates a registration request into the stored config; throws before anything is written. */
export function toModelConfig(input: RegisterModelInput): ModelConfig {
  assertModelName(input.name);
  if (input.taps.length === 0) throw new AppError(ErrorCode.BAD_USER_INPUT, 'A model needs at least one feature tap');
  const taps: TapSpec[] = input.taps.map((t) => {
    if (!t.name) throw new AppError(ErrorCode.BAD_USER_INPUT, 'A tap needs a tensor name');
    if (t.reduction === 'grid') {
      const g = t.grid ?? 0;
      if (!Number.isInteger(g) || g < 1 || g > 64) {
        throw new AppError(
          ErrorCode.BAD_USER_INPUT,
          `Tap ${t.name}: grid pooling needs an integer grid size 1..64, got ${t.grid}`,
          { tap: t.name },
        );
      }
      return { name: t.name, reduction: { kind: 'grid', g } };
    }
    return { name: t.name, reduction: { kind: t.reduction } } as TapSpec;
  });
  const scale = input.scale ?? 1 / 255;
  if (!Number.isFinite(scale) || scale <= 0)
    throw new AppError(ErrorCode.BAD_USER_INPUT, `scale must be > 0, got ${scale}`);
  return {
    external: false,
    input: {
      width: size(input.inputWidth, 'inputWidth'),
      height: size(input.inputHeight, 'inputHeight'),
      channelOrder: input.channelOrder ?? 'RGB',
      mean: triple(input.mean, IMAGENET_MEAN, 'mean', false),
      std: triple(input.std, IMAGENET_STD, 'std', true),
      scale,
    },
    taps,
    predictionOutput: input.predictionOutput ?? null,
  };
}

/**
 * For a refused dimension, proposes reductions that fit under pgvector's limit: global pooling
 * for the largest taps first, otherwise the largest grid that keeps the total under the limit.
 */
export function proposeReduction(shapes: TapShape[], taps: TapSpec[]): string {
  const channels = shapes.map((s) => (s.dims.length >= 2 ? s.dims[1]! : s.length));
  const gapTotal = channels.reduce((a, b) => a + b, 0);
  if (gapTotal > PGVECTOR_MAX_DIMENSION) {
    return `even global average pooling of every tap gives ${gapTotal} dimensions; use fewer taps`;
  }
  let g = 1;
  while (channels.reduce((a, c) => a + c * (g + 1) * (g + 1), 0) <= PGVECTOR_MAX_DIMENSION) g++;
  const proposal = taps
    .map((t, i) => `${t.name}:${g > 1 && shapes[i]!.dims.length === 4 ? `grid${g}` : 'gap'}`)
    .join(', ');
  return `try ${proposal} (${channels.reduce((a, c, i) => a + (g > 1 && shapes[i]!.dims.length === 4 ? c * g * g : c), 0)} dimensions)`;
}
