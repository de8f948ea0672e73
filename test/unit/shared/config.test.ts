import { describe, expect, it } from "vitest";
import {
  loadBaselineConfig,
  loadRunConfig,
  type RunConfig,
  type RunConfigInput,
} from "#shared/config.ts";
import { ConfigError } from "#shared/errors.ts";

const REQUIRED = { orders: "orders.csv", format: "canonical" };

const DEFAULTS: RunConfig = {
  orders: "orders.csv",
  format: "canonical",
  horizonDays: 365,
  asOfDay: null,
  workdir: "./valuecast-data",
  seed: 1,
  timeZone: "UTC",
  currency: null,
  maxOrders: 32,
  epochs: 40,
  python: null,
  promotion: {
    primaryMetric: "normalizedGini",
    margin: 0.005,
    spendErrorTolerance: 0.05,
  },
  sufficiency: {
    minCustomers: 100,
    minRepeatCustomers: 20,
    minHistoryDays: 90,
  },
};

describe("loadRunConfig", () => {
  it("upper-cases a currency code", () => {
    expect(loadRunConfig({ ...REQUIRED, currency: "usd" }, {}).currency).toBe(
      "USD",
    );
  });

  it("fills every default", () => {
    expect(loadRunConfig(REQUIRED, {})).toEqual(DEFAULTS);
  });

  it("coerces numeric strings", () => {
    const input = {
      ...REQUIRED,
      horizonDays: "273",
      seed: "7",
      maxOrders: "16",
      epochs: "3",
      promotionMargin: "0.01",
      spendErrorTolerance: "0.2",
    } as unknown as RunConfigInput;

    const config = loadRunConfig(input, {});

    expect(config).toEqual({
      ...DEFAULTS,
      horizonDays: 273,
      seed: 7,
      maxOrders: 16,
      epochs: 3,
      promotion: {
        primaryMetric: "normalizedGini",
        margin: 0.01,
        spendErrorTolerance: 0.2,
      },
    });
  });

  it("keeps the options it is given", () => {
    const input = {
      ...REQUIRED,
      asOf: "1998-06-30",
      workdir: "/tmp/run",
      timeZone: "Europe/Berlin",
      currency: "EUR",
      python: "/opt/python",
      promotionMetric: "decileMape" as const,
    };

    const config = loadRunConfig(input, {});

    expect(config).toEqual({
      ...DEFAULTS,
      asOfDay: 10_407,
      workdir: "/tmp/run",
      timeZone: "Europe/Berlin",
      currency: "EUR",
      python: "/opt/python",
      promotion: { ...DEFAULTS.promotion, primaryMetric: "decileMape" },
    });
  });

  it("takes the interpreter from VALUECAST_PYTHON", () => {
    const config = loadRunConfig(REQUIRED, {
      VALUECAST_PYTHON: "/opt/torch/bin/python",
    });

    expect(config.python).toBe("/opt/torch/bin/python");
  });

  it("prefers the python option to VALUECAST_PYTHON", () => {
    const input = { ...REQUIRED, python: "/usr/bin/python3" };

    const config = loadRunConfig(input, { VALUECAST_PYTHON: "/opt/python" });

    expect(config.python).toBe("/usr/bin/python3");
  });

  // NOTE: an empty VALUECAST_PYTHON reaches the schema as python = "" and
  // fails the run, where an empty variable usually means unset.
  it("ignores an empty VALUECAST_PYTHON", () => {
    expect(loadRunConfig(REQUIRED, { VALUECAST_PYTHON: "" }).python).toBe(null);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      "horizon 0",
      { horizonDays: 0 },
      "Invalid --horizon-days 0: must be at least 7.",
    ],
    [
      "horizon beyond ten years",
      { horizonDays: "3651" },
      'Invalid --horizon-days "3651": must be at most 3650.',
    ],
    [
      "a horizon that is no number",
      { horizonDays: "abc" },
      'Invalid --horizon-days "abc": Invalid input: expected number, ' +
        "received NaN.",
    ],
    [
      "a fractional seed",
      { seed: 1.5 },
      "Invalid --seed 1.5: must be a whole number.",
    ],
    [
      "a bad time zone",
      { timeZone: "Mars/Olympus" },
      'Invalid --time-zone "Mars/Olympus": must be an IANA time zone such ' +
        "as Europe/Berlin.",
    ],
    [
      "a currency that is not a code",
      { currency: "dollar" },
      'Invalid --currency "dollar": must be an ISO 4217 code such as USD.',
    ],
    [
      "an unknown key",
      { colour: "red" },
      'Invalid settings: Unrecognized key: "colour".',
    ],
    [
      "a bad promotion metric",
      { promotionMetric: "accuracy" },
      'Invalid --promotion-metric "accuracy": Invalid option: expected one ' +
        'of "normalizedGini"|"spearman"|"topDecileLift"|"aucPAlive"|' +
        '"decileMape".',
    ],
    [
      "a margin above 1",
      { promotionMargin: 2 },
      "Invalid --promotion-margin 2: must be at most 1.",
    ],
    [
      "an empty orders path",
      { orders: "" },
      'Invalid --orders "": must not be empty.',
    ],
    [
      "an invalid as-of day",
      { asOf: "1998-02-30" },
      'Invalid as-of "1998-02-30": expected a calendar date as YYYY-MM-DD, ' +
        "for example 1998-06-30.",
    ],
  ])("rejects %s", (_case, options, message) => {
    const input = { ...REQUIRED, ...options } as RunConfigInput;

    expect(() => loadRunConfig(input, {})).toThrow(new ConfigError(message));
  });
});

describe("loadBaselineConfig", () => {
  const BASELINE = { ...REQUIRED, calibrationEnd: "1997-09-30" };

  it("fills every default", () => {
    expect(loadBaselineConfig(BASELINE)).toEqual({
      orders: "orders.csv",
      format: "canonical",
      workdir: "./valuecast-data",
      timeZone: "UTC",
      currency: null,
      calibrationEndDay: 10_134,
      holdoutEndDay: null,
      timeUnit: "week",
    });
  });

  it("reads the holdout end", () => {
    const input = { ...BASELINE, holdoutEnd: "1998-06-30" };

    expect(loadBaselineConfig(input).holdoutEndDay).toBe(10_407);
  });

  it.each(["1997-09-30", "1997-01-01"])(
    "rejects a holdout end of %s",
    (holdoutEnd) => {
      const input = { ...BASELINE, holdoutEnd };

      expect(() => loadBaselineConfig(input)).toThrow(
        new ConfigError(
          `Invalid holdout end ${holdoutEnd}: it must be after the ` +
            "calibration end 1997-09-30.",
        ),
      );
    },
  );

  it("rejects a bad time unit", () => {
    const input = { ...BASELINE, timeUnit: "month" } as unknown as Parameters<
      typeof loadBaselineConfig
    >[0];

    expect(() => loadBaselineConfig(input)).toThrow(
      new ConfigError('Invalid --time-unit "month": must be day or week.'),
    );
  });
});
