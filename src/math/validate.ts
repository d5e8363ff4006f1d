/**
 * Boundary checks shared by the analytics modules (inputs of every method.md Distances step).
 * Pure code throws `TypeError` for a wrong kind of value and `RangeError` for a wrong size or
 * a non-finite number; the service layer converts them to `AppError`.
 */

/** A flat numeric matrix as the analytics accept it. */
export type NumericArray = Float32Array | Float64Array;

/** Throws unless `value` is an integer >= `min`. */
export function assertInteger(value: number, name: string, min = 0): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`Expected ${name} to be an integer but received ${String(value)}`);
  }
  if (value < min) {
    throw new RangeError(`Expected ${name} to be at least ${min} but received ${value}`);
  }
}

/**
 * Throws unless `x` is a Float32Array/Float64Array of exactly `rows * cols` finite numbers.
 * Finiteness is checked here once so that the hot loops need not.
 */
export function assertMatrix(x: unknown, rows: number, cols: number, name: string): asserts x is NumericArray {
  assertMatrixShape(x, rows, cols, name);
  assertFinite(x, name);
}

/** `assertMatrix` without the finiteness check, for callers that check it on the way (one pass less). */
export function assertMatrixShape(x: unknown, rows: number, cols: number, name: string): asserts x is NumericArray {
  if (!(x instanceof Float32Array) && !(x instanceof Float64Array)) {
    throw new TypeError(`Expected ${name} to be a Float32Array or Float64Array`);
  }
  assertInteger(rows, `${name} rows`);
  assertInteger(cols, `${name} cols`);
  if (x.length !== rows * cols) {
    throw new RangeError(`Expected ${name} to hold ${rows} x ${cols} = ${rows * cols} values but received ${x.length}`);
  }
}

/** Throws unless every entry of `x` is finite. */
export function assertFinite(x: ArrayLike<number>, name: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new RangeError(`Expected ${name} to be finite but entry ${i} is ${x[i]}`);
    }
  }
}

/** Throws unless `x` is a Float64Array of length `length` (when given) with finite entries. */
export function assertVector(x: unknown, name: string, length?: number): asserts x is Float64Array {
  if (!(x instanceof Float64Array)) {
    throw new TypeError(`Expected ${name} to be a Float64Array`);
  }
  if (length !== undefined && x.length !== length) {
    throw new RangeError(`Expected ${name} to have length ${length} but received ${x.length}`);
  }
  assertFinite(x, name);
}
