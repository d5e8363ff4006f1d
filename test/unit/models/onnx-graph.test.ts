import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../src/errors.js';
import { exposeTensors, listTensors } from '../../../src/models/onnx-graph.js';
import { tinyModel } from './tiny-graph.js';

describe('onnx graph', () => {
  describe('listTensors', () => {
    it('lists inputs without initializers, outputs with shapes, and nodes in order', () => {
      const t = listTensors(tinyModel());
      expect(t.inputs).toEqual([{ name: 'x', shape: [1, 2, 4, 4] }]);
      expect(t.outputs).toEqual([{ name: 'pooled', shape: [1, 2, 1, 1] }]);
      expect(t.nodes).toEqual([
        { name: 'mul', opType: 'Mul', outputs: ['scaled'] },
        { name: 'relu', opType: 'Relu', outputs: ['activated'] },
        { name: 'mean', opType: 'ReduceMean', outputs: ['pooled'] },
      ]);
    });

    it('refuses bytes that are not a model', () => {
      expect(() => listTensors(Uint8Array.of(0xff, 0xff, 0xff))).toThrow(AppError);
    });
  });

  describe('exposeTensors', () => {
    it('adds intermediate tensors as float outputs of unknown shape, once, keeping existing outputs', () => {
      const original = tinyModel();
      const copy = Uint8Array.from(original);
      const exposed = exposeTensors(original, ['activated', 'scaled', 'pooled', 'activated']);
      expect(listTensors(exposed).outputs).toEqual([
        { name: 'pooled', shape: [1, 2, 1, 1] },
        { name: 'activated', shape: null },
        { name: 'scaled', shape: null },
      ]);
      expect(original).toEqual(copy);
    });

    it('refuses unknown names with MODEL_INVALID, listing valid ones', () => {
      let error: unknown;
      try {
        exposeTensors(tinyModel(), ['scaled', 'no_such_tensor', 'x']);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.code).toBe(ErrorCode.MODEL_INVALID);
      expect(appError.message).toMatch(/"no_such_tensor", "x"/);
      expect(appError.message).toMatch(/scaled, activated, pooled/);
      expect(appError.details).toEqual({
        unknown: ['no_such_tensor', 'x'],
        examples: ['scaled', 'activated', 'pooled'],
      });
    });
  });
});
