import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatCompact,
  formatCompactShare,
  formatCount,
  formatDate,
  formatDecimal,
  formatMultiple,
  formatShare,
  formatSignedShare,
} from "#evaluation/report/format.ts";

describe("number formats", () => {
  it.each([
    ["formatCount", formatCount, 23570, "23,570"],
    ["formatCount", formatCount, 2210.6, "2,211"],
    ["formatAmount", formatAmount, 123456.789, "123,457"],
    ["formatAmount", formatAmount, 45.678, "45.68"],
    ["formatAmount", formatAmount, -12.5, "-12.50"],
    ["formatShare", formatShare, 0.1234, "12.3%"],
    ["formatShare", formatShare, 1.956, "195.6%"],
    ["formatSignedShare", formatSignedShare, 0.0462, "+4.6%"],
    ["formatSignedShare", formatSignedShare, -0.0394, "-3.9%"],
    ["formatSignedShare", formatSignedShare, 0, "0.0%"],
    ["formatDecimal", formatDecimal, 0.61234, "0.612"],
    ["formatMultiple", formatMultiple, 3.4167, "3.42×"],
    ["formatCompact", formatCompact, 25, "25"],
    ["formatCompact", formatCompact, 2.5, "2.5"],
    ["formatCompactShare", formatCompactShare, 0.05, "5%"],
    ["formatCompactShare", formatCompactShare, 0.125, "12.5%"],
  ])("%s(%d) is %s", (_, format, value, expected) => {
    expect(format(value)).toBe(expected);
  });

  it.each([
    formatCount,
    formatAmount,
    formatShare,
    formatSignedShare,
    formatDecimal,
    formatMultiple,
    formatCompact,
    formatCompactShare,
  ])("%o shows NaN and infinities as n/a", (format) => {
    expect(format(Number.NaN)).toBe("n/a");
    expect(format(Number.POSITIVE_INFINITY)).toBe("n/a");
    expect(format(Number.NEGATIVE_INFINITY)).toBe("n/a");
  });
});

describe("formatDate", () => {
  it.each([
    ["1997-01-01", "Jan 1, 1997"],
    ["1998-06-30", "Jun 30, 1998"],
    ["2026-05-01T10:15:00Z", "May 1, 2026, 10:15 UTC"],
    ["2026-05-01T12:15:00+02:00", "May 1, 2026, 10:15 UTC"],
    ["not a date", "not a date"],
    ["1997-13-45", "1997-13-45"],
  ])("formats %s as %s", (text, expected) => {
    expect(formatDate(text)).toBe(expected);
  });
});
