import { describe, expect, it } from "vitest";
import type { LakeStats } from "#features/lake-reader.ts";
import {
  checkHorizonLabels,
  MIN_BUYERS_IN_HORIZON,
  planWindows,
} from "#pipeline/windows.ts";
import { parseDay } from "#shared/dates.ts";
import { InputError } from "#shared/errors.ts";

/** A lake of orders from 1997-01-01 to 1998-06-30, like CDNOW's. */
const STATS: LakeStats = {
  customers: 100,
  orders: 300,
  duplicatesMerged: 0,
  cancelledExcluded: 0,
  refundsApplied: 0,
  refundsUnmatched: 0,
  refundsOfCancelled: 0,
  purchaseOccasions: 280,
  firstDay: parseDay("1997-01-01"),
  lastDay: parseDay("1998-06-30"),
  hasCategories: false,
};

describe("planWindows", () => {
  it("defaults the as-of day to the last order", () => {
    const windows = planWindows(STATS, 273, null);

    expect(windows).toEqual({
      asOfDay: parseDay("1998-06-30"),
      cutoffDay: parseDay("1997-09-30"),
      horizonDays: 273,
    });
  });

  it("uses an explicit as-of day", () => {
    const windows = planWindows(STATS, 90, parseDay("1998-03-31"));

    expect(windows).toEqual({
      asOfDay: parseDay("1998-03-31"),
      cutoffDay: parseDay("1997-12-31"),
      horizonDays: 90,
    });
  });

  it("accepts a cutoff on the first order's day", () => {
    const windows = planWindows(STATS, 545, null);

    expect(windows.cutoffDay).toBe(STATS.firstDay);
  });

  it("rejects a cutoff before the first order", () => {
    expect(() => planWindows(STATS, 546, null)).toThrow(
      new InputError(
        "A horizon of 546 days before the as-of day 1998-06-30 puts the " +
          "training cutoff at 1996-12-31, before the first order " +
          "(1997-01-01). Use a shorter --horizon-days or a later --as-of, " +
          "or ingest more history.",
      ),
    );
  });

  it("rejects an as-of too early for the horizon", () => {
    const asOf = parseDay("1997-06-30");

    expect(() => planWindows(STATS, 365, asOf)).toThrow(
      new InputError(
        "A horizon of 365 days before the as-of day 1997-06-30 puts the " +
          "training cutoff at 1996-06-30, before the first order " +
          "(1997-01-01). Use a shorter --horizon-days or a later --as-of, " +
          "or ingest more history.",
      ),
    );
  });
});

describe("checkHorizonLabels", () => {
  const windows = planWindows(STATS, 273, null);

  it("accepts enough buyers in the horizon", () => {
    expect(() =>
      checkHorizonLabels(windows, STATS, MIN_BUYERS_IN_HORIZON),
    ).not.toThrow();
  });

  it("rejects a nearly empty horizon", () => {
    const check = () => checkHorizonLabels(windows, STATS, 1);

    expect(check).toThrow(InputError);
    expect(check).toThrow(
      "Training customers who bought between the cutoff 1997-09-30 and " +
        "the as-of day 1998-06-30: 1, fewer than the 5 needed to learn from. " +
        "The data runs from 1997-01-01 to 1998-06-30: check for a mistyped " +
        "order date far from the others, pass an --as-of within the data, " +
        "or use a longer --horizon-days.",
    );
  });
});
