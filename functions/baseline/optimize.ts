import {
  dot,
  identity,
  isIdentity,
  maskTo,
  maxAbs,
  multiply,
  resetToIdentity,
  scaleInPlace,
  subtract,
  withCoordinate,
} from "./vectors.ts";

// The npm optimisers checked, `fmin` 0.0.4 (described in its README as
// "unconstrained function minimization") and `numeric` 1.2.6 (`uncmin`),
// take no bounds, and these fits must be able to stop on a bound. The fits have only
// three or four parameters, so this file has a short projected BFGS with
// finite-difference gradients.

/** Options of `minimizeInBox`. */
export interface MinimizeOptions {
  /** Lower bound of every coordinate. */
  readonly lower: number;
  /** Upper bound of every coordinate. */
  readonly upper: number;
  /** Iteration limit. @default 500 */
  readonly maxIterations?: number;
  /**
   * Largest projected gradient component at which the search stops.
   * @default 1e-9
   */
  readonly gradientTolerance?: number;
  /** Largest change of any coordinate in one iteration. @default 2 */
  readonly maxStep?: number;
}

/**
 * Reason `minimizeInBox` stopped. Either the gradient tolerance was met, or
 * the line search found no lower value (often at the rounding noise floor of
 * the gradient), or the iteration limit was reached.
 */
export type MinimizeStatus = "converged" | "stalled" | "max-iterations";

/** Result of `minimizeInBox`. */
export interface MinimizeResult {
  /** Best point found, inside the box. */
  readonly x: readonly number[];
  /** Objective value at `x`. */
  readonly value: number;
  /**
   * Projected gradient at `x`, with 0 for the components that push against
   * an active bound, so all components are near 0 at a constrained minimum.
   */
  readonly projectedGradient: readonly number[];
  /** Iterations used. */
  readonly iterations: number;
  readonly status: MinimizeStatus;
}

type Objective = (x: readonly number[]) => number;
type Box = { readonly lower: number; readonly upper: number };

const ARMIJO_SLOPE = 1e-4;
const MAX_HALVINGS = 60;
// The usual central-difference step is the cube root of the double precision
// epsilon, because it balances truncation and rounding error.
const GRADIENT_STEP = 6e-6;
const BOUND_SNAP = 1e-12;

/**
 * Minimises a smooth function of a few variables inside a box with a
 * projected BFGS method. Coordinates on a bound whose gradient pushes
 * outwards are held there, and the others take a quasi-Newton step. The
 * line search projects every trial point back into the box, so the
 * objective is evaluated inside the box only. It may return Infinity or NaN
 * there, and the line search then shortens the step.
 *
 * @example
 * ```ts
 * const result = minimizeInBox(([u = 0]) => (u - 5) ** 2, [0], {
 *   lower: -1,
 *   upper: 2,
 * });
 * // result.x is [2], on the upper bound
 * ```
 */
export function minimizeInBox(
  objective: Objective,
  start: readonly number[],
  options: MinimizeOptions,
): MinimizeResult {
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.gradientTolerance ?? 1e-9;
  let x = start.map((value) => project(value, options));
  let value = objective(x);
  let gradient = boxedGradient(objective, x, options);
  const inverseHessian = identity(x.length);
  let previousFree: boolean[] = [];
  let iteration = 0;

  for (; iteration < maxIterations; iteration++) {
    const free = freeCoordinates(x, gradient, options);
    // Curvature learnt along a coordinate that is now held, or now free,
    // misleads the step in the others, so the approximation restarts.
    if (free.some((isFree, i) => isFree !== previousFree[i])) {
      resetToIdentity(inverseHessian);
    }
    previousFree = free;
    if (maxAbs(maskTo(gradient, free)) <= tolerance) break;
    const search = { objective, x, value, gradient, free, options };
    const step = searchWithRestart(search, inverseHessian);
    if (step === null) {
      return result(x, value, gradient, iteration, options, "stalled");
    }
    const nextGradient = boxedGradient(objective, step.x, options);
    updateInverseHessian(
      inverseHessian,
      subtract(step.x, x),
      subtract(nextGradient, gradient),
    );
    x = step.x;
    value = step.value;
    gradient = nextGradient;
  }
  const free = freeCoordinates(x, gradient, options);
  const converged = maxAbs(maskTo(gradient, free)) <= tolerance;
  const status = converged ? "converged" : "max-iterations";
  return result(x, value, gradient, iteration, options, status);
}

function result(
  x: number[],
  value: number,
  gradient: readonly number[],
  iterations: number,
  box: Box,
  status: MinimizeStatus,
): MinimizeResult {
  const projectedGradient = maskTo(gradient, freeCoordinates(x, gradient, box));
  return { x, value, projectedGradient, iterations, status };
}

/**
 * Computes the finite-difference gradient at `x` without leaving the box.
 * It takes central differences inside, and second-order one-sided
 * differences within one step of a bound.
 */
function boxedGradient(objective: Objective, x: readonly number[], box: Box) {
  const at = objective(x);
  return x.map((xi, i) => {
    const h = GRADIENT_STEP * Math.max(1, Math.abs(xi));
    const shifted = (offset: number) =>
      objective(withCoordinate(x, i, xi + offset));
    if (xi + h > box.upper) {
      return (3 * at - 4 * shifted(-h) + shifted(-2 * h)) / (2 * h);
    }
    if (xi - h < box.lower) {
      return (-3 * at + 4 * shifted(h) - shifted(2 * h)) / (2 * h);
    }
    return (shifted(h) - shifted(-h)) / (2 * h);
  });
}

/** Marks coordinates that are not held on a bound by their gradient. */
function freeCoordinates(
  x: readonly number[],
  gradient: readonly number[],
  box: Box,
): boolean[] {
  return x.map((xi, i) => {
    const g = gradient[i] ?? 0;
    const heldLow = xi <= box.lower && g > 0;
    const heldHigh = xi >= box.upper && g < 0;
    return !(heldLow || heldHigh);
  });
}

interface LineSearch {
  readonly objective: Objective;
  readonly x: readonly number[];
  readonly value: number;
  readonly gradient: readonly number[];
  readonly free: readonly boolean[];
  readonly options: MinimizeOptions;
}

/**
 * Backtracks along the projected quasi-Newton path until the Armijo
 * condition holds. Returns null when no step lowers the objective.
 */
function searchLine(
  search: LineSearch,
  inverseHessian: readonly number[][],
): { x: number[]; value: number } | null {
  const { objective, x, value, gradient, free, options } = search;
  const freeGradient = maskTo(gradient, free);
  let direction = maskTo(multiply(inverseHessian, freeGradient), free);
  direction = direction.map((d) => -d);
  if (!(dot(direction, gradient) < 0)) direction = freeGradient.map((g) => -g);
  if (!(dot(direction, gradient) < 0)) return null;

  const maxStep = options.maxStep ?? 2;
  let length = Math.min(1, maxStep / maxAbs(direction));
  for (let halving = 0; halving < MAX_HALVINGS; halving++) {
    const candidate = x.map((xi, i) =>
      project(xi + length * (direction[i] ?? 0), options),
    );
    const candidateValue = objective(candidate);
    const expected = -ARMIJO_SLOPE * dot(gradient, subtract(candidate, x));
    // The strict decrease stops rounding noise from passing as progress.
    const decrease = value - candidateValue;
    if (decrease > 0 && decrease >= expected) {
      return { x: candidate, value: candidateValue };
    }
    length /= 2;
  }
  return null;
}

/**
 * Runs the line search. When the quasi-Newton direction fails, it resets
 * the approximation to the identity in place and searches once more along
 * the steepest descent direction.
 */
function searchWithRestart(
  search: LineSearch,
  inverseHessian: number[][],
): { x: number[]; value: number } | null {
  const step = searchLine(search, inverseHessian);
  if (step !== null || isIdentity(inverseHessian)) return step;
  resetToIdentity(inverseHessian);
  return searchLine(search, inverseHessian);
}

/**
 * Applies the BFGS update to the inverse Hessian approximation in place.
 * Skips the update when the curvature s.y is not positive, which would make
 * the approximation indefinite.
 */
function updateInverseHessian(
  inverse: number[][],
  s: readonly number[],
  y: readonly number[],
): void {
  const sy = dot(s, y);
  if (!(sy > 1e-14 * Math.sqrt(dot(s, s) * dot(y, y)))) return;
  if (isIdentity(inverse)) scaleInPlace(inverse, sy / dot(y, y));

  const hy = multiply(inverse, y);
  const rho = 1 / sy;
  const sCoefficient = rho * rho * dot(y, hy) + rho;
  for (const [i, row] of inverse.entries()) {
    for (let j = 0; j < row.length; j++) {
      const si = s[i] ?? 0;
      const sj = s[j] ?? 0;
      const cross = (hy[i] ?? 0) * sj + si * (hy[j] ?? 0);
      row[j] = (row[j] ?? 0) - rho * cross + sCoefficient * si * sj;
    }
  }
}

/**
 * Clamps a coordinate into the box. A value within a relative 1e-12 of a
 * bound is set onto it, so that a step meant to reach a bound does not stop
 * one rounding error short of it.
 */
function project(value: number, box: Box): number {
  const margin = (bound: number) => BOUND_SNAP * Math.max(1, Math.abs(bound));
  if (value >= box.upper - margin(box.upper)) return box.upper;
  if (value <= box.lower + margin(box.lower)) return box.lower;
  return value;
}
