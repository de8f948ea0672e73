import { evaluatePredictions } from "#evaluation/metrics.ts";
import type { ReportData, Series } from "#evaluation/report/report-data.ts";

/** Names of the models of the sample report, in table order. */
export const SAMPLE_MODELS = [
  "deep model",
  "BG/NBD + Gamma-Gamma",
  "reference",
] as const;

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Customer {
  repeats: number;
  actualOrders: number;
  actualValue: number;
}

function sampleCustomers(count: number, random: () => number): Customer[] {
  return Array.from({ length: count }, () => {
    const repeats = Math.floor(-Math.log(1 - random()) * 1.6);
    const buys = random() < 0.2 + Math.min(repeats, 7) * 0.08;
    const actualOrders = buys ? 1 + Math.floor(random() * (1 + repeats)) : 0;
    const basket = 15 + 60 * -Math.log(1 - random());
    return { repeats, actualOrders, actualValue: actualOrders * basket };
  });
}

/** Predictions of one model: the truth blurred by `noise`. */
function predict(customers: Customer[], noise: number, random: () => number) {
  const blur = () => Math.exp(noise * (random() * 2 - 1));
  const predictedOrders = customers.map(
    (c) => (0.25 + 0.3 * c.repeats + 0.4 * c.actualOrders) * blur(),
  );
  return {
    predictedOrders,
    predictedValue: predictedOrders.map((orders) => orders * 40 * blur()),
    pAlive: customers.map((c) =>
      Math.min(0.99, (0.15 + 0.1 * c.repeats + 0.3 * c.actualOrders) * blur()),
    ),
  };
}

function gainCurve(label: string, ranking: number[], actual: number[]) {
  const order = ranking
    .map((score, i) => ({ score, value: actual[i] as number }))
    .sort((a, b) => b.score - a.score);
  const total = actual.reduce((sum, value) => sum + value, 0);
  const series: Series = { label, x: [0], y: [0] };
  let running = 0;
  order.forEach((entry, i) => {
    running += entry.value;
    series.x.push((i + 1) / order.length);
    series.y.push(running / total);
  });
  return series;
}

function histogram(values: number[], edges: number[]) {
  const counts = edges.slice(1).map(() => 0);
  for (const value of values) {
    const bin = edges.findIndex((edge, i) => i > 0 && value < edge) - 1;
    const index = bin < 0 ? counts.length - 1 : bin;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return { edges, counts };
}

function meanBy(customers: Customer[], values: number[], group: number) {
  const members = customers
    .map((customer, i) => ({ customer, value: values[i] as number }))
    .filter((m) => Math.min(m.customer.repeats, 7) === group);
  const sum = members.reduce((total, m) => total + m.value, 0);
  return members.length === 0 ? Number.NaN : sum / members.length;
}

function weeklySeries(
  label: string,
  weeks: number,
  cutoffWeek: number,
  weeklyRate: number,
  startAtCutoff: boolean,
): Series {
  const first = startAtCutoff ? cutoffWeek : 0;
  const x = Array.from({ length: weeks - first + 1 }, (_, i) => first + i);
  const calibrationTotal = 900 * (1 - Math.exp(-cutoffWeek / 12));
  const y = x.map((week) =>
    week <= cutoffWeek
      ? 900 * (1 - Math.exp(-week / 12))
      : calibrationTotal + weeklyRate * (week - cutoffWeek),
  );
  return { label, x, y };
}

/**
 * Builds a realistic report from `customers` simulated test customers: the
 * metrics come from evaluatePredictions, and the gain curves carry one point
 * per customer as the pipeline may send them.
 */
export function sampleReport(customers = 3500): ReportData {
  const random = seededRandom(17);
  const people = sampleCustomers(customers, random);
  const actualValue = people.map((c) => c.actualValue);
  const actualOrders = people.map((c) => c.actualOrders);
  const predictions = [0.6, 1.1, 1.8].map((noise) =>
    predict(people, noise, random),
  );
  const models = SAMPLE_MODELS.map((name, i) => ({
    name,
    metrics: evaluatePredictions({
      ...(predictions[i] as ReturnType<typeof predict>),
      actualValue,
      actualOrders,
    }),
  }));
  const deep = predictions[0] as ReturnType<typeof predict>;
  const groups = [0, 1, 2, 3, 4, 5, 6, 7];

  return {
    runId: "2026-05-01-a1b2c3",
    generatedAt: "2026-05-01T10:15:00Z",
    data: {
      customers: 23570,
      orders: 69659,
      firstOrderDate: "1997-01-01",
      lastOrderDate: "1998-06-30",
      cutoff: "1997-09-30",
      asOf: "1998-06-30",
      horizonDays: 273,
      repeatBuyerShare: 0.4521,
      rowsRead: 69702,
      rowsIngested: 69659,
      rowsQuarantined: 43,
      quarantinedByReason: { invalid_amount: 31, missing_customer_id: 12 },
    },
    models,
    gain: [
      ...models.map((model, i) =>
        gainCurve(
          model.name,
          (predictions[i] as ReturnType<typeof predict>).predictedValue,
          actualValue,
        ),
      ),
      gainCurve("perfect ordering", actualValue, actualValue),
    ],
    deciles: models.map((model) => ({
      model: model.name,
      predicted: model.metrics.decileBins.map((bin) => bin.meanPredicted),
      actual: model.metrics.decileBins.map((bin) => bin.meanActual),
    })),
    purchasesByFrequency: {
      labels: groups.map((g) => (g === 7 ? "7+" : String(g))),
      customers: groups.map(
        (g) => people.filter((c) => Math.min(c.repeats, 7) === g).length,
      ),
      actual: groups.map((g) => meanBy(people, actualOrders, g)),
      predicted: models.map((model, i) => ({
        model: model.name,
        values: groups.map((g) =>
          meanBy(
            people,
            (predictions[i] as ReturnType<typeof predict>).predictedOrders,
            g,
          ),
        ),
      })),
    },
    weeklyRepeatPurchases: {
      cutoffWeek: 39,
      series: [
        weeklySeries("actual", 78, 39, 21, false),
        weeklySeries(SAMPLE_MODELS[0], 78, 39, 22.5, true),
        weeklySeries(SAMPLE_MODELS[1], 78, 39, 19, true),
        weeklySeries(SAMPLE_MODELS[2], 78, 39, 26, true),
      ],
    },
    distributions: {
      expectedValue: histogram(
        deep.predictedValue,
        Array.from({ length: 21 }, (_, i) => i * 25),
      ),
      pAlive: histogram(
        deep.pAlive,
        Array.from({ length: 21 }, (_, i) => i / 20),
      ),
    },
    promotion: {
      candidate: "model-2026-05-01",
      previousProduction: "model-2026-04-24",
      promoted: true,
      reason:
        "The candidate's normalised Gini of 0.612 beats the production " +
        "model's 0.587 and the baseline's 0.571.",
      primaryMetric: "normalizedGini",
    },
  };
}
