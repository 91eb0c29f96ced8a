/**
 * Ridge regression by the normal equations: w = (XᵀX + λ·D)⁻¹ Xᵀy, with D the identity except
 * for the first column (the intercept, not shrunk). Rows are stored flat, `features` values a row.
 * Solved by Cholesky; a few dozen features and thousands of rows take well under a millisecond.
 */
export function fitRidge(
  rows: Float64Array,
  targets: Float64Array,
  count: number,
  features: number,
  lambda: number,
): Float64Array {
  const a = new Float64Array(features * features);
  const b = new Float64Array(features);
  for (let r = 0; r < count; r++) {
    const base = r * features;
    const y = targets[r]!;
    for (let i = 0; i < features; i++) {
      const xi = rows[base + i]!;
      if (xi === 0) continue;
      b[i] = b[i]! + xi * y;
      for (let j = 0; j <= i; j++) a[i * features + j] = a[i * features + j]! + xi * rows[base + j]!;
    }
  }
  for (let i = 0; i < features; i++) {
    for (let j = 0; j < i; j++) a[j * features + i] = a[i * features + j]!;
    a[i * features + i] = a[i * features + i]! + (i === 0 ? 1e-9 : lambda) * Math.max(1, count);
  }
  return solveSymmetric(a, b, features);
}

/** Dot product of a weight vector with one row of features. */
export function predictRow(weights: Float64Array, rows: Float64Array, offset: number): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]! * rows[offset + i]!;
  return sum;
}

/** Solves A x = b for a symmetric positive-definite A (Cholesky, in place on a copy). */
function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) l[i * n + i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * z[k]!;
    z[i] = sum / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}
