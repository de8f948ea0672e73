import { describe, expect, it } from "vitest";
import { BaselineInputError } from "#baseline/errors.ts";
import type { CustomerSummary } from "#baseline/types.ts";
import {
  validateCustomers,
  validateHorizon,
  validateParams,
  validateSpends,
} from "#baseline/validate.ts";
import { thrownBy } from "./tolerance.ts";

const VALID = { x: 2, tx: 5, T: 10 };

describe("validateCustomers", () => {
  it.each<[string, CustomerSummary, string, string]>([
    [
      "a fractional x",
      { ...VALID, x: 1.5 },
      "customers[1].x",
      "Invalid customers[1].x = 1.5. Expected a non-negative integer number " +
        "of purchases.",
    ],
    [
      "a negative x",
      { ...VALID, x: -1 },
      "customers[1].x",
      "Invalid customers[1].x = -1. Expected a non-negative integer number " +
        "of purchases.",
    ],
    [
      "a NaN age",
      { ...VALID, T: Number.NaN },
      "customers[1].T",
      "Invalid customers[1].T = NaN. Expected a non-negative finite number.",
    ],
    [
      "a negative tx",
      { ...VALID, tx: -1 },
      "customers[1].tx",
      "Invalid customers[1].tx = -1. Expected a non-negative finite number.",
    ],
    [
      "tx beyond T",
      { ...VALID, tx: 11 },
      "customers[1].tx",
      "Invalid customers[1].tx = 11. It must lie in [0, T], and T = 10.",
    ],
    [
      "tx without repeat purchases",
      { x: 0, tx: 2, T: 10 },
      "customers[1].tx",
      "Invalid customers[1].tx = 2. A customer with x = 0 has no repeat " +
        "purchase, so tx must be 0.",
    ],
    [
      "a zero weight",
      { ...VALID, weight: 0 },
      "customers[1].weight",
      "Invalid customers[1].weight = 0. A row weight must be a positive " +
        "finite number.",
    ],
  ])("rejects %s", (_, customer, field, message) => {
    const error = thrownBy(() => validateCustomers([VALID, customer]));

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({ name: "BaselineInputError", field, message });
  });

  it("rejects an empty list", () => {
    const error = thrownBy(() => validateCustomers([]));

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "customers",
      message: "No customers: pass at least one.",
    });
  });

  it("accepts a customer bought on the last day", () => {
    expect(() => validateCustomers([{ x: 0, tx: 0, T: 0 }])).not.toThrow();
  });
});

describe("validateSpends", () => {
  it("rejects a negative weight", () => {
    const error = thrownBy(() =>
      validateSpends([{ x: 1, meanSpend: 5, weight: -2 }]),
    );

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "spends[0].weight",
      message:
        "Invalid spends[0].weight = -2. A row weight must be a positive " +
        "finite number.",
    });
  });

  it("ignores the spend of a customer without repeat purchases", () => {
    expect(() =>
      validateSpends([{ x: 0, meanSpend: Number.NaN }]),
    ).not.toThrow();
  });
});

describe("validateParams", () => {
  it("rejects an infinite parameter", () => {
    const error = thrownBy(() =>
      validateParams({ r: 1, alpha: Number.POSITIVE_INFINITY, a: 1, b: 1 }),
    );

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "params.alpha",
      message:
        "Invalid params.alpha = Infinity. Every parameter must be a positive " +
        "finite number.",
    });
  });
});

describe("validateHorizon", () => {
  it("rejects an infinite horizon", () => {
    const error = thrownBy(() => validateHorizon(Number.POSITIVE_INFINITY));

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "horizon",
      message:
        "Invalid horizon = Infinity. Expected a non-negative finite number.",
    });
  });
});
