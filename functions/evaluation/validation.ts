import { InvalidMetricInputError } from "./errors.ts";

/** Values per customer, as a typed array or a plain array. */
export type Values = ArrayLike<number>;

/** Condition that every value of an input must meet, with its wording. */
export interface ValueRule {
  readonly test: (value: number) => boolean;
  /** Sentence that states the rule and the fix, used in the error. */
  readonly requirement: string;
}

export const FINITE: ValueRule = {
  test: Number.isFinite,
  requirement:
    "each value must be a finite number. " +
    "Remove or impute missing values before evaluation.",
};

export const PROBABILITY: ValueRule = {
  test: (value) => value >= 0 && value <= 1,
  requirement:
    "each value must be a probability in [0, 1]. " +
    "Pass probabilities, not percentages or raw scores.",
};

export const NON_NEGATIVE: ValueRule = {
  test: (value) => Number.isFinite(value) && value >= 0,
  requirement: "each value must be a finite number of at least 0.",
};

export const ORDER_COUNT: ValueRule = {
  test: (value) => Number.isInteger(value) && value >= 0,
  requirement: "each value must be a non-negative integer count of orders.",
};

export const BINARY: ValueRule = {
  test: (value) => value === 0 || value === 1,
  requirement: "each value must be 1 for a positive outcome or 0 otherwise.",
};

/**
 * Throws InvalidMetricInputError unless every input has the same length and
 * the length is at least 1. Inputs are `[name, values]` pairs, and the
 * others are compared with the first. Returns that length.
 */
export function assertSameLength(
  ...inputs: readonly (readonly [string, Values])[]
): number {
  const [reference, ...others] = inputs;
  if (reference === undefined) return 0;

  const [referenceName, referenceValues] = reference;
  if (referenceValues.length === 0) {
    throw new InvalidMetricInputError(
      referenceName,
      `${referenceName} is empty. Pass at least one customer.`,
    );
  }
  for (const [name, values] of others) {
    if (values.length !== referenceValues.length) {
      throw new InvalidMetricInputError(
        name,
        `${name} has length ${values.length}, but ${referenceName} has ` +
          `length ${referenceValues.length}. Pass one value per customer, ` +
          "in the same customer order.",
      );
    }
  }

  return referenceValues.length;
}

/**
 * Throws InvalidMetricInputError naming the first value of `values` that
 * breaks `rule`, with its index.
 */
export function assertEvery(
  name: string,
  values: Values,
  rule: ValueRule,
): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!rule.test(value)) {
      throw new InvalidMetricInputError(
        name,
        `${name}[${i}] is ${String(value)}, but ${rule.requirement}`,
      );
    }
  }
}
