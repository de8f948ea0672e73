import { beforeAll, describe, expect, it } from "vitest";
import { fitBgNbd } from "#baseline/bgnbd.ts";
import {
  conditionalExpectedPurchases,
  expectedPurchases,
  probabilityAlive,
} from "#baseline/bgnbd-expectations.ts";
import { fitGammaGamma } from "#baseline/gamma-gamma.ts";
import type {
  BgNbdParams,
  FitResult,
  GammaGammaParams,
} from "#baseline/types.ts";
import { type CdnowCustomer, readCdnowCalibration } from "./cdnow-summary.ts";
import { relativeError } from "./tolerance.ts";

// Published results on the CDNOW sample: Fader, Hardie and Lee (2005) for
// BG/NBD, and their "RFM and CLV" paper (2005) for Gamma-Gamma.
const PUBLISHED_BGNBD = { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 };
const PUBLISHED_LOG_LIKELIHOOD = -9582.43;
const PUBLISHED_GAMMA_GAMMA = { p: 6.25, q: 3.74, gamma: 15.44 };

// BG/NBD parameters are published to four decimals, so rounding alone allows
// a relative error of up to 2.1e-4 (half a unit in the last digit of r).
const BGNBD_PARAMETER_TOLERANCE = 2.1e-4;
// Gamma-Gamma parameters are published to two decimals, so rounding alone
// allows a relative error of up to 1.4e-3 (for q).
const GAMMA_GAMMA_PARAMETER_TOLERANCE = 1.4e-3;
const TWO_DECIMALS = 0.005;
const THREE_DECIMALS = 5e-4;
const FOUR_DECIMALS = 5e-5;
// The published 78-week E[X(t)] of 1.8576 is 3.6e-4 below the formula. An
// independent direct 2F1 series at the published parameters gives 1.85795
// too. The other published expectations agree to four decimals.
const PUBLISHED_78_WEEK_TOLERANCE = 4e-4;

describe("CDNOW sample", () => {
  let customers: CdnowCustomer[];
  let bgnbd: FitResult<BgNbdParams>;
  let gammaGamma: FitResult<GammaGammaParams>;

  beforeAll(() => {
    customers = readCdnowCalibration();
    bgnbd = fitBgNbd(customers);
    gammaGamma = fitGammaGamma(
      customers.map(({ x, meanRepeatSpend }) => ({
        x,
        meanSpend: meanRepeatSpend,
      })),
    );
  });

  it("has 2,357 customers, 946 with repeat purchases", () => {
    expect(customers).toHaveLength(2357);
    expect(customers.filter((customer) => customer.x > 0)).toHaveLength(946);
  });

  it.each(Object.entries(PUBLISHED_BGNBD))(
    "reproduces the BG/NBD %s",
    (name, published) => {
      const fitted = bgnbd.params[name as keyof BgNbdParams];

      expect(relativeError(fitted, published)).toBeLessThan(
        BGNBD_PARAMETER_TOLERANCE,
      );
    },
  );

  it("reproduces the BG/NBD log-likelihood", () => {
    expect(
      Math.abs(bgnbd.logLikelihood - PUBLISHED_LOG_LIKELIHOOD),
    ).toBeLessThan(TWO_DECIMALS);
  });

  it("fits BG/NBD away from the bounds", () => {
    expect(bgnbd.atBound).toBe(false);
    expect(bgnbd.parametersAtBound).toEqual([]);
    expect(bgnbd.customers).toBe(2357);
  });

  it.each(Object.entries(PUBLISHED_GAMMA_GAMMA))(
    "reproduces the Gamma-Gamma %s from mean repeat spend",
    (name, published) => {
      const fitted = gammaGamma.params[name as keyof GammaGammaParams];

      expect(relativeError(fitted, published)).toBeLessThan(
        GAMMA_GAMMA_PARAMETER_TOLERANCE,
      );
    },
  );

  it("fits Gamma-Gamma on the 946 repeat buyers", () => {
    expect(gammaGamma.customers).toBe(946);
    expect(gammaGamma.atBound).toBe(false);
  });

  it("misses the Gamma-Gamma p with the first purchase in the mean", () => {
    const rows = customers.map(({ x, meanSpend }) => ({ x, meanSpend }));

    const fit = fitGammaGamma(rows);

    // The mean over all transactions gives p = 14.3, far from 6.25.
    expect(
      relativeError(fit.params.p, PUBLISHED_GAMMA_GAMMA.p),
    ).toBeGreaterThan(1);
  });

  it.each([
    [1, 0.0532, FOUR_DECIMALS],
    [3, 0.1506, FOUR_DECIMALS],
    [32, 1.0437, FOUR_DECIMALS],
    [78, 1.8576, PUBLISHED_78_WEEK_TOLERANCE],
  ])(
    "expects %d-week purchases of a new customer",
    (weeks, published, tolerance) => {
      const expected = expectedPurchases(bgnbd.params, weeks);

      expect(Math.abs(expected - published)).toBeLessThan(tolerance);
    },
  );

  it("gives P(alive) of the customer with 26 repeat purchases", () => {
    const customer = { x: 26, tx: 30.857, T: 31 };

    const alive = probabilityAlive(bgnbd.params, customer);

    expect(Math.abs(alive - 0.9689)).toBeLessThan(FOUR_DECIMALS);
  });

  it("expects 52-week purchases of that customer", () => {
    const customer = { x: 26, tx: 30.857, T: 31 };

    const expected = conditionalExpectedPurchases(bgnbd.params, customer, 52);

    expect(Math.abs(expected - 25.757)).toBeLessThan(THREE_DECIMALS);
  });
});
