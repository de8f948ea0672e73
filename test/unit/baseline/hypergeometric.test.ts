import gammaln from "@stdlib/math-base-special-gammaln";
import { describe, expect, it } from "vitest";
import {
  BaselineInputError,
  SeriesConvergenceError,
} from "#baseline/errors.ts";
import { hyp2f1, hyp2f1Excess } from "#baseline/hypergeometric.ts";
import { relativeError, thrownBy } from "./tolerance.ts";

// Reference values to 16 digits from mpmath 1.3.0 (mpmath.hyp2f1 at 30
// decimal digits), an implementation independent of this one.
const SERIES_TOLERANCE = 1e-13;

describe("hyp2f1", () => {
  it.each([
    // BG/NBD E[X(t)] at the CDNOW parameters, t = 3 and 78 weeks.
    [0.2426, 2.4262, 2.2192, 0.5, 1.2067223902165061],
    [0.2426, 2.4262, 2.2192, 0.9464445838495298, 2.386726165017267],
    // The CDNOW customer with x = 26 over 52 weeks: large a, b and c.
    [26.2426, 28.4262, 28.2192, 0.5948724284637305, 23723700684.24246],
    [100, 120, 110, 0.9, 4.392123400731348e109],
    [1.5, -0.5, 3.25, 0.999, 0.7109578457174601],
    [0.5, 0.5, 1.5, -0.9, 0.8903053070774894],
    [3, 4, 1.5, 0.3, 12.68338868611323],
    [-3, 2, 5, 0.7, 0.4148],
    [2.5, 1.5, 0.5, 0.8, 1173.935688187391],
    [0.3, 0.7, -1.5, 0.4, 1.236697923056595],
  ])("matches mpmath at (%d, %d; %d; %d)", (a, b, c, z, expected) => {
    const value = hyp2f1(a, b, c, z);

    expect(relativeError(value, expected)).toBeLessThan(SERIES_TOLERANCE);
  });

  it.each([0.1, 0.5, 0.9, 0.999])("equals -ln(1 - z) / z at z = %d", (z) => {
    const value = hyp2f1(1, 1, 2, z);

    expect(relativeError(value, -Math.log1p(-z) / z)).toBeLessThan(
      SERIES_TOLERANCE,
    );
  });

  it.each([
    [0.7, 0.25],
    [-2.5, 0.9],
    [12, 0.6],
  ])("equals (1 - z)^-a for b = c, a = %d, z = %d", (a, z) => {
    const value = hyp2f1(a, 3.3, 3.3, z);

    expect(relativeError(value, (1 - z) ** -a)).toBeLessThan(SERIES_TOLERANCE);
  });

  it.each([0.3, 1.7, 3.1])("meets Bailey's sum at z = 1/2, a = %d", (a) => {
    // 2F1(a, 1 - a; c; 1/2) =
    //   Gamma(c/2) Gamma((1+c)/2) / (Gamma((c+a)/2) Gamma((1+c-a)/2))
    const c = 2.6;
    const expected = Math.exp(
      gammaln(c / 2) +
        gammaln((1 + c) / 2) -
        gammaln((c + a) / 2) -
        gammaln((1 + c - a) / 2),
    );

    const value = hyp2f1(a, 1 - a, c, 0.5);

    expect(relativeError(value, expected)).toBeLessThan(SERIES_TOLERANCE);
  });

  it("returns 1 at z = 0", () => {
    expect(hyp2f1(2.5, -1.5, 0.5, 0)).toBe(1);
  });

  it.each([1, -1, 1.5, Number.NaN])("rejects z = %d", (z) => {
    const error = thrownBy(() => hyp2f1(1, 1, 2, z));

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "z",
      message: `Invalid z = ${z}. The series converges only for -1 < z < 1.`,
    });
  });

  it.each([0, -2])("rejects the pole c = %d", (c) => {
    const error = thrownBy(() => hyp2f1(1, 1, c, 0.5));

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "c",
      message: `Invalid c = ${c}. 2F1 has a pole there.`,
    });
  });

  it("rejects a non-finite parameter", () => {
    const error = thrownBy(() => hyp2f1(Number.POSITIVE_INFINITY, 1, 2, 0.5));

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "a",
      message: "Invalid a = Infinity. Expected a finite number.",
    });
  });

  it("raises when z is too close to 1", () => {
    const error = thrownBy(() => hyp2f1(0.5, 0.25, 1.5, 1 - 1e-7));

    expect(error).toBeInstanceOf(SeriesConvergenceError);
    expect(error).toMatchObject({
      name: "SeriesConvergenceError",
      message:
        "The hypergeometric series did not converge within 1000000 terms " +
        "because z = 0.9999999 is too close to 1. For BG/NBD predictions " +
        "this means the horizon is many times alpha + T, so predict over a " +
        "shorter horizon.",
    });
  });
});

describe("hyp2f1Excess", () => {
  it.each([
    [2.5, 0.75, 3.1, 0.4],
    [-0.6, 1.9, 0.8, 0.95],
    [0.4, -0.3, 25, 0.7],
  ])("equals (c / b)(2F1 - 1) at (%d, %d; %d; %d)", (a, b, c, z) => {
    const expected = (c / b) * (hyp2f1(a, b, c, z) - 1);

    const value = hyp2f1Excess(a, b, c, z);

    expect(relativeError(value, expected)).toBeLessThan(1e-12);
  });

  it.each([0.2, 0.9, 0.999])(
    "equals -c ln(1 - z) at a = c, b = 0, z = %d",
    (z) => {
      const c = 1.7;

      const value = hyp2f1Excess(c, 0, c, z);

      expect(relativeError(value, -c * Math.log1p(-z))).toBeLessThan(
        SERIES_TOLERANCE,
      );
    },
  );

  it.each([0.3, 0.99])("reduces to a binomial at z = %d", (z) => {
    const a = 0.5;

    const value = hyp2f1Excess(a, 0, 0, z);

    expect(relativeError(value, (1 - z) ** -a - 1)).toBeLessThan(
      SERIES_TOLERANCE,
    );
  });

  it("matches mpmath near a = 1 of the BG/NBD expectation", () => {
    const value = hyp2f1Excess(1.9766, -0.207, 2.2192, 0.9465);

    expect(relativeError(value, 3.85881875125112)).toBeLessThan(
      SERIES_TOLERANCE,
    );
  });

  it("rejects the pole c = -1", () => {
    const error = thrownBy(() => hyp2f1Excess(1, 1, -1, 0.5));

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "c",
      message: "Invalid c = -1. The series has a pole there.",
    });
  });
});
