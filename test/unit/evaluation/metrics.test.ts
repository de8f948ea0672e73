import { describe, expect, it } from "vitest";
import {
  decileCalibration,
  EvaluationError,
  evaluatePredictions,
  InvalidMetricInputError,
  normalizedGini,
  type PredictionInputs,
  rocAuc,
  spearman,
} from "#evaluation/metrics.ts";

const inputs = {
  predictedValue: [120, 10, 55, 0, 80, 35, 5, 60, 15, 200],
  actualValue: [100, 0, 70, 0, 40, 0, 10, 90, 0, 150],
  pAlive: [0.9, 0.2, 0.7, 0.05, 0.6, 0.4, 0.3, 0.8, 0.1, 0.95],
  actualOrders: [3, 0, 2, 0, 1, 0, 1, 2, 0, 4],
  predictedOrders: [2.5, 0.3, 1.6, 0, 1.2, 0.8, 0.4, 1.9, 0.2, 4.1],
} satisfies PredictionInputs;

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error("Expected the call to throw, but it returned.");
}

function withValueAt(values: number[], index: number, value: number) {
  return values.map((v, i) => (i === index ? value : v));
}

describe("evaluatePredictions", () => {
  it("returns every metric", () => {
    const { predictedValue, actualValue } = inputs;
    const bins = decileCalibration(predictedValue, actualValue);

    const metrics = evaluatePredictions(inputs);

    expect(metrics).toEqual({
      customers: 10,
      normalizedGini: normalizedGini(predictedValue, actualValue),
      spearman: spearman(predictedValue, actualValue),
      // One customer per bin, and four of them spend nothing. The others
      // predict 5, 55, 60, 80, 120, 200 and spend 10, 70, 90, 40, 100, 150.
      decileMape:
        (5 / 10 + 40 / 40 + 30 / 90 + 20 / 100 + 50 / 150 + 15 / 70) / 6,
      decileMapeBinsExcluded: 4,
      decileBins: bins,
      // The top tenth spends 150 against a mean of 46.
      topDecileLift: 150 / 46,
      // Alive customers have pAlive 0.9, 0.7, 0.6, 0.3, 0.8, 0.95 and the
      // others 0.2, 0.05, 0.4, 0.1: only 0.3 < 0.4 is a misordered pair.
      aucPAlive: 23 / 24,
      predictedSpendTotal: 580,
      actualSpendTotal: 460,
      spendTotalError: 120 / 460,
      predictedOrdersTotal: 13,
      actualOrdersTotal: 13,
      ordersTotalError: 0,
    });
  });

  it("accepts typed arrays", () => {
    const typed: PredictionInputs = {
      predictedValue: Float64Array.from(inputs.predictedValue),
      actualValue: Float64Array.from(inputs.actualValue),
      pAlive: Float32Array.from(inputs.pAlive),
      actualOrders: Int32Array.from(inputs.actualOrders),
      predictedOrders: Float64Array.from(inputs.predictedOrders),
    };

    const metrics = evaluatePredictions(typed);

    expect(metrics.normalizedGini).toBe(
      evaluatePredictions(inputs).normalizedGini,
    );
  });

  it.each([
    {
      input: "predictedValue",
      change: { predictedValue: [] },
      message: "predictedValue is empty. Pass at least one customer.",
    },
    {
      input: "pAlive",
      change: { pAlive: [0.5] },
      message:
        "pAlive has length 1, but predictedValue has length 10. Pass one " +
        "value per customer, in the same customer order.",
    },
    {
      input: "actualValue",
      change: { actualValue: withValueAt(inputs.actualValue, 9, Number.NaN) },
      message:
        "actualValue[9] is NaN, but each value must be a finite number. " +
        "Remove or impute missing values before evaluation.",
    },
    {
      input: "predictedValue",
      change: {
        predictedValue: withValueAt(
          inputs.predictedValue,
          0,
          Number.POSITIVE_INFINITY,
        ),
      },
      message:
        "predictedValue[0] is Infinity, but each value must be a finite " +
        "number. Remove or impute missing values before evaluation.",
    },
    {
      input: "pAlive",
      change: {
        pAlive: withValueAt(inputs.pAlive, 2, 70),
      },
      message:
        "pAlive[2] is 70, but each value must be a probability in [0, 1]. " +
        "Pass probabilities, not percentages or raw scores.",
    },
    {
      input: "actualOrders",
      change: { actualOrders: withValueAt(inputs.actualOrders, 0, 1.5) },
      message:
        "actualOrders[0] is 1.5, but each value must be a non-negative " +
        "integer count of orders.",
    },
    {
      input: "predictedOrders",
      change: { predictedOrders: withValueAt(inputs.predictedOrders, 0, -0.1) },
      message:
        "predictedOrders[0] is -0.1, but each value must be a finite number " +
        "of at least 0.",
    },
  ])("rejects invalid $input", ({ input, change, message }) => {
    const act = () =>
      evaluatePredictions({
        ...inputs,
        ...(change as Partial<PredictionInputs>),
      });

    const error = thrownBy(act);

    expect(error).toBeInstanceOf(InvalidMetricInputError);
    expect(error).toBeInstanceOf(EvaluationError);
    expect(error).toMatchObject({
      name: "InvalidMetricInputError",
      input,
      message,
    });
  });

  it("keeps an error's cause", () => {
    const cause = new RangeError("bad shape");

    const error = new EvaluationError("wrapped", { cause });

    expect(error.name).toBe("EvaluationError");
    expect(error.cause).toBe(cause);
  });
});

describe("metric input validation", () => {
  it.each([
    {
      name: "normalizedGini",
      act: () => normalizedGini([1, 2], [1]),
      message:
        "actual has length 1, but predicted has length 2. Pass one value " +
        "per customer, in the same customer order.",
    },
    {
      name: "spearman",
      act: () => spearman([1, Number.NaN], [1, 2]),
      message:
        "predicted[1] is NaN, but each value must be a finite number. " +
        "Remove or impute missing values before evaluation.",
    },
    {
      name: "rocAuc",
      act: () => rocAuc([0.1, 0.2], [1, 2]),
      message:
        "outcomes[1] is 2, but each value must be 1 for a positive outcome " +
        "or 0 otherwise.",
    },
    {
      name: "decileCalibration",
      act: () => decileCalibration([], []),
      message: "predicted is empty. Pass at least one customer.",
    },
  ])("$name rejects invalid input", ({ act, message }) => {
    expect(act).toThrow(InvalidMetricInputError);
    expect(act).toThrow(message);
  });
});
