import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decileCalibration,
  normalizedGini,
  rocAuc,
  spearman,
  topDecileLift,
} from "#evaluation/metrics.ts";
import { expectClose } from "./expect-close.ts";
import {
  referenceAuc,
  referenceDecileMeans,
  referenceNormalizedGini,
  referenceSpearman,
} from "./reference-metrics.ts";

// Small integer predictions make ties common. Every transform below is
// strictly increasing and exact on them, so it keeps ties and order.
const prediction = fc.integer({ min: -6, max: 6 });
const spend = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -20, max: 500 }),
  fc.double({ min: -100, max: 1e6, noNaN: true }),
);
const increasingTransforms = [
  { name: "2x - 3", apply: (x: number) => 2 * x - 3 },
  { name: "x^3", apply: (x: number) => x ** 3 },
  { name: "exp(x)", apply: Math.exp },
];

function customers(maxLength: number) {
  return fc
    .array(fc.tuple(prediction, spend), { minLength: 1, maxLength })
    .map((pairs) => ({
      predicted: pairs.map(([p]) => p),
      actual: pairs.map(([, a]) => a),
    }));
}

describe("metric properties", () => {
  it("spearman lies in [-1, 1] and is symmetric", () => {
    fc.assert(
      fc.property(customers(60), ({ predicted, actual }) => {
        const rho = spearman(predicted, actual);
        if (Number.isNaN(rho)) return;

        expect(Math.abs(rho)).toBeLessThanOrEqual(1);
        expect(spearman(actual, predicted)).toBe(rho);
      }),
    );
  });

  it("spearman matches the O(n^2) reference", () => {
    fc.assert(
      fc.property(customers(60), ({ predicted, actual }) => {
        const expected = referenceSpearman(predicted, actual);

        const rho = spearman(predicted, actual);

        if (Number.isNaN(expected)) expect(rho).toBeNaN();
        else expectClose(rho, expected);
      }),
    );
  });

  it("gini lies in [-1, 1] and flips sign with predictions", () => {
    fc.assert(
      fc.property(customers(60), ({ predicted, actual }) => {
        const gini = normalizedGini(predicted, actual);
        if (Number.isNaN(gini)) return;

        expect(Math.abs(gini)).toBeLessThanOrEqual(1 + 1e-12);
        expectClose(
          normalizedGini(
            predicted.map((p) => -p),
            actual,
          ),
          -gini,
        );
      }),
    );
  });

  it("gini matches the mean over tie orders", () => {
    // Seven customers have at most 7! = 5040 tie orders to enumerate.
    const nonNegative = fc.integer({ min: 0, max: 100 });
    const small = fc
      .array(fc.tuple(prediction, nonNegative), { minLength: 2, maxLength: 7 })
      .filter((pairs) => new Set(pairs.map(([, a]) => a)).size > 1);

    fc.assert(
      fc.property(small, (pairs) => {
        const predicted = pairs.map(([p]) => p);
        const actual = pairs.map(([, a]) => a);

        const expected = referenceNormalizedGini(predicted, actual);

        expectClose(normalizedGini(predicted, actual), expected);
      }),
    );
  });

  it("auc lies in [0, 1] and matches the pairwise reference", () => {
    const labelled = fc.array(fc.tuple(prediction, fc.constantFrom(0, 1)), {
      minLength: 1,
      maxLength: 60,
    });

    fc.assert(
      fc.property(labelled, (pairs) => {
        const scores = pairs.map(([s]) => s);
        const outcomes = pairs.map(([, o]) => o);

        const auc = rocAuc(scores, outcomes);

        if (new Set(outcomes).size < 2) {
          expect(auc).toBeNaN();
          return;
        }
        expect(auc).toBeGreaterThanOrEqual(0);
        expect(auc).toBeLessThanOrEqual(1);
        expectClose(auc, referenceAuc(scores, outcomes));
      }),
    );
  });

  it("decile bins match the brute-force reference", () => {
    const few = fc.array(fc.tuple(prediction, spend), {
      minLength: 1,
      maxLength: 7,
    });

    fc.assert(
      fc.property(few, (pairs) => {
        const predicted = pairs.map(([p]) => p);
        const actual = pairs.map(([, a]) => a);

        const bins = decileCalibration(predicted, actual);
        const expected = referenceDecileMeans(predicted, actual);

        expected.forEach((bin, b) => {
          expectClose(bins[b]?.meanPredicted, bin.meanPredicted);
          expectClose(bins[b]?.meanActual, bin.meanActual, 1e-9);
        });
      }),
    );
  });

  it.each(increasingTransforms)(
    "rank metrics ignore the transform $name",
    ({ apply }) => {
      fc.assert(
        fc.property(customers(60), ({ predicted, actual }) => {
          const transformed = predicted.map(apply);
          const outcomes = actual.map((a) => (a > 0 ? 1 : 0));

          expect(normalizedGini(transformed, actual)).toBe(
            normalizedGini(predicted, actual),
          );
          expect(spearman(transformed, actual)).toBe(
            spearman(predicted, actual),
          );
          expect(rocAuc(transformed, outcomes)).toBe(
            rocAuc(predicted, outcomes),
          );
          expect(topDecileLift(transformed, actual)).toBe(
            topDecileLift(predicted, actual),
          );
          expect(
            decileCalibration(transformed, actual).map((b) => b.meanActual),
          ).toEqual(
            decileCalibration(predicted, actual).map((b) => b.meanActual),
          );
        }),
      );
    },
  );
});
