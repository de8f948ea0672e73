import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitBgNbd } from "#baseline/bgnbd.ts";
import { probabilityAlive } from "#baseline/bgnbd-expectations.ts";
import { BaselineError } from "#baseline/errors.ts";
import { fitGammaGamma } from "#baseline/gamma-gamma.ts";
import { predictCustomer } from "#baseline/predict.ts";
import type { BaselineModel, CustomerValueSummary } from "#baseline/types.ts";

// Relative slack for inequalities between separately computed quantities.
const ROUNDING_SLACK = 1e-9;

/** Generates positive numbers, uniform on a log scale in [min, max]. */
function logUniform(min: number, max: number) {
  return fc
    .double({ min: Math.log(min), max: Math.log(max), noNaN: true })
    .map(Math.exp);
}

const model: fc.Arbitrary<BaselineModel> = fc.record({
  bgnbd: fc.record({
    r: logUniform(0.01, 20),
    alpha: logUniform(0.01, 500),
    a: logUniform(0.01, 20),
    b: logUniform(0.01, 100),
  }),
  gammaGamma: fc.record({
    p: logUniform(0.1, 50),
    q: logUniform(1.01, 50),
    gamma: logUniform(0.01, 1e4),
  }),
});

const customer: fc.Arbitrary<CustomerValueSummary> = fc
  .record({
    x: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500 })),
    T: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true })),
    recency: fc.double({ min: 0, max: 1, noNaN: true }),
    meanSpend: logUniform(0.01, 1e5),
  })
  .map(({ x, T, recency, meanSpend }) => ({
    x,
    tx: x > 0 ? recency * T : 0,
    T,
    meanSpend,
  }));

// Horizons up to 2,000 times alpha, where the 2F1 series stays well within
// its term limit.
const horizonRatio = fc.oneof(
  fc.constant(0),
  fc.double({ min: 0, max: 2000, noNaN: true }),
);

describe("predictCustomer properties", () => {
  it("returns finite, ordered, non-negative values", () => {
    fc.assert(
      fc.property(model, customer, horizonRatio, (m, c, ratio) => {
        const prediction = predictCustomer(m, c, ratio * m.bgnbd.alpha);
        const values = Object.values(prediction);

        expect(values.every(Number.isFinite)).toBe(true);
        expect(values.every((value) => value >= 0)).toBe(true);
        expect(prediction.pAlive).toBeLessThanOrEqual(1);
        expect(prediction.valueP10).toBeLessThanOrEqual(prediction.valueP50);
        expect(prediction.valueP50).toBeLessThanOrEqual(prediction.valueP90);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps expected orders between pAlive and the no-dropout bound", () => {
    fc.assert(
      fc.property(model, customer, horizonRatio, (m, c, ratio) => {
        const { r, alpha } = m.bgnbd;
        const horizon = ratio * alpha;
        const noDropout = ((r + c.x) * horizon) / (alpha + c.T);

        const { pAlive, expectedOrders } = predictCustomer(m, c, horizon);

        expect(expectedOrders).toBeGreaterThanOrEqual(
          pAlive * (1 - ROUNDING_SLACK),
        );
        expect(expectedOrders).toBeLessThanOrEqual(
          noDropout * (1 + ROUNDING_SLACK),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("lowers pAlive of one-time buyers as they age", () => {
    const ages = fc.tuple(
      fc.double({ min: 0, max: 1000, noNaN: true }),
      fc.double({ min: 0, max: 1000, noNaN: true }),
    );
    fc.assert(
      fc.property(model, ages, horizonRatio, (m, [u, v], ratio) => {
        const horizon = ratio * m.bgnbd.alpha;
        const at = (T: number) =>
          predictCustomer(m, { x: 0, tx: 0, T, meanSpend: 0 }, horizon);

        const younger = at(Math.min(u, v)).pAlive;
        const older = at(Math.max(u, v)).pAlive;

        expect(older).toBeLessThanOrEqual(younger);
      }),
      { numRuns: 200 },
    );
  });
});

describe("probabilityAlive properties", () => {
  it("falls with the time since the last purchase", () => {
    fc.assert(
      fc.property(
        model,
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (m, x, tx, silence) => {
          const recent = probabilityAlive(m.bgnbd, { x, tx, T: tx });
          const later = probabilityAlive(m.bgnbd, { x, tx, T: tx + silence });

          expect(recent).toBeLessThanOrEqual(1);
          expect(later).toBeGreaterThanOrEqual(0);
          expect(later).toBeLessThanOrEqual(recent);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("fit properties", () => {
  const histories = fc.array(
    fc.record({
      x: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
      T: fc.double({ min: 0.5, max: 100, noNaN: true }),
      recency: fc.double({ min: 0.01, max: 1, noNaN: true }),
      // Whole cents, so that spends repeat as they do in real data.
      meanSpend: fc.integer({ min: 100, max: 50000 }).map((c) => c / 100),
    }),
    { minLength: 40, maxLength: 200 },
  );

  it("fits or raises a baseline error on random histories", () => {
    fc.assert(
      fc.property(histories, (rows) => {
        const customers = rows.map(({ x, T, recency, meanSpend }) => ({
          x,
          tx: x > 0 ? recency * T : 0,
          T,
          meanSpend,
        }));

        for (const runFit of [
          () => fitBgNbd(customers),
          () => fitGammaGamma(customers),
        ]) {
          try {
            const { params, logLikelihood } = runFit();
            const values = Object.values(params);
            expect(values.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
            expect(Number.isFinite(logLikelihood)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(BaselineError);
          }
        }
      }),
      { numRuns: 20 },
    );
  });
});
