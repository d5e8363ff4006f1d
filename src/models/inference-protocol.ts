import type { DecodedImage } from '../images/decode.js';
import type { ModelConfig, TapShape } from './model-config.js';

/** Messages between the main thread and the inference worker thread. */
export interface InferenceInit {
  modelBytes: Uint8Array;
  config: ModelConfig;
  providers: string[];
}

export interface InferenceItem {
  imageId: number;
  bytes: Uint8Array;
  /** The image already decoded (`decodeImage`, RGB) by the import that stored it: used instead of `bytes`. */
  decoded?: DecodedImage;
  /** Original size, so a prediction map is stored at the image's own resolution. */
  width: number;
  height: number;
}

export interface InferenceResult {
  imageId: number;
  embedding?: Float32Array;
  /** 8-bit grayscale PNG of the probability map, at the image's size. */
  predictionPng?: Uint8Array;
  error?: string;
}

/**
 * One preprocessed input tensor ([1, 3, H, W] of the model's input size), and optionally an array
 * from an earlier answer for the worker to copy the prediction map into (each crosses by transfer).
 */
export type WorkerRequest =
  { type: 'infer'; id: number; tensor: Float32Array; mapInto?: Float32Array } | { type: 'probe'; id: number };

export type WorkerResponse =
  | { type: 'ready'; provider: string }
  | { type: 'init-failed'; message: string }
  | { type: 'log'; message: string }
  /** `input`: the request's tensor handed back, when it crossed by transfer (a worker thread). */
  | {
      type: 'inferred';
      id: number;
      embedding: Float32Array;
      prediction: { data: Float32Array; dims: number[] } | null;
      input?: Float32Array;
    }
  | { type: 'probe'; id: number; tapShapes: TapShape[]; dimension: number; predictionDims: number[] | null }
  | { type: 'error'; id: number; message: string };
