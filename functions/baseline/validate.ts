import { BaselineInputError } from "./errors.ts";
import type {
  BgNbdParams,
  CustomerSummary,
  GammaGammaParams,
  SpendSummary,
} from "./types.ts";

/**
 * Checks BG/NBD customer summaries: `x` a non-negative integer, `tx` in
 * [0, T], `tx` = 0 when `x` = 0, and a positive weight when one is given.
 *
 * @throws BaselineInputError naming the first invalid field.
 */
export function validateCustomers(customers: readonly CustomerSummary[]): void {
  if (customers.length === 0) {
    throw new BaselineInputError(
      "customers",
      "No customers: pass at least one.",
    );
  }
  for (const [i, customer] of customers.entries()) {
    validateCustomer(customer, `customers[${i}]`);
  }
}

/**
 * Checks one customer summary, as `validateCustomers` does.
 *
 * @param path prefix of the field names in error messages.
 * @throws BaselineInputError naming the invalid field.
 */
export function validateCustomer(customer: CustomerSummary, path: string) {
  const { x, tx, T } = customer;
  requireCount(x, `${path}.x`);
  requireNonNegative(T, `${path}.T`);
  requireNonNegative(tx, `${path}.tx`);
  if (tx > T) {
    fail(`${path}.tx`, tx, `It must lie in [0, T], and T = ${T}.`);
  }
  if (x === 0 && tx !== 0) {
    fail(
      `${path}.tx`,
      tx,
      "A customer with x = 0 has no repeat purchase, so tx must be 0.",
    );
  }
  requireWeight(customer.weight, `${path}.weight`);
}

/**
 * Checks Gamma-Gamma spend summaries: `x` a non-negative integer and, for
 * rows with `x` >= 1, a positive finite mean spend.
 *
 * @throws BaselineInputError naming the first invalid field.
 */
export function validateSpends(rows: readonly SpendSummary[]): void {
  for (const [i, row] of rows.entries()) validateSpend(row, `spends[${i}]`);
}

/**
 * Checks one spend summary, as `validateSpends` does.
 *
 * @param path prefix of the field names in error messages.
 * @throws BaselineInputError naming the invalid field.
 */
export function validateSpend(row: SpendSummary, path: string): void {
  requireCount(row.x, `${path}.x`);
  if (row.x > 0 && !(row.meanSpend > 0 && Number.isFinite(row.meanSpend))) {
    fail(
      `${path}.meanSpend`,
      row.meanSpend,
      `A customer with x = ${row.x} needs a positive finite mean spend.`,
    );
  }
  requireWeight(row.weight, `${path}.weight`);
}

/**
 * Checks that every parameter is a positive finite number.
 *
 * @throws BaselineInputError naming the first invalid parameter.
 */
export function validateParams(params: BgNbdParams | GammaGammaParams): void {
  for (const [name, value] of Object.entries(params)) {
    if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) {
      fail(
        `params.${name}`,
        value,
        "Every parameter must be a positive finite number.",
      );
    }
  }
}

/**
 * Checks that a prediction horizon is a non-negative finite number.
 *
 * @throws BaselineInputError naming `horizon`.
 */
export function validateHorizon(horizon: number): void {
  requireNonNegative(horizon, "horizon");
}

function requireCount(value: number, field: string): void {
  if (!(Number.isInteger(value) && value >= 0)) {
    fail(field, value, "Expected a non-negative integer number of purchases.");
  }
}

function requireNonNegative(value: number, field: string): void {
  if (!(value >= 0 && Number.isFinite(value))) {
    fail(field, value, "Expected a non-negative finite number.");
  }
}

function requireWeight(weight: number | undefined, field: string): void {
  if (weight !== undefined && !(weight > 0 && Number.isFinite(weight))) {
    fail(field, weight, "A row weight must be a positive finite number.");
  }
}

function fail(field: string, value: unknown, reason: string): never {
  throw new BaselineInputError(
    field,
    `Invalid ${field} = ${String(value)}. ${reason}`,
  );
}
