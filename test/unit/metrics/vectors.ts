/** Test inputs shared by the metrics tests: the ods-metric.md section 5 vector. */

/** ods-metric.md section 5: two 3x3 images, GT 0/255, predictions 0..255 (row-major). */
export const WORKED = {
  a: {
    gt: Uint8Array.from([0, 0, 0, 255, 255, 255, 0, 0, 0]),
    pred: Uint8Array.from([0, 20, 0, 200, 150, 60, 0, 100, 0]),
  },
  b: {
    gt: Uint8Array.from([255, 0, 0, 255, 0, 0, 0, 0, 0]),
    pred: Uint8Array.from([220, 51, 0, 40, 0, 0, 0, 0, 180]),
  },
};
