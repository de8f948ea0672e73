import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { civilToDay, formatDay, parseDay } from "#shared/dates.ts";
import { ConfigError } from "#shared/errors.ts";

// Days of 1000-01-01 and 9999-12-31, the range of four-digit years.
const FIRST_DAY = -354_285;
const LAST_DAY = 2_932_896;

describe("parseDay", () => {
  it.each([
    ["1970-01-01", 0],
    ["1969-12-31", -1],
    ["1997-01-01", 9862],
    ["1998-06-30", 10_407],
    ["1000-01-01", FIRST_DAY],
    ["9999-12-31", LAST_DAY],
  ])("reads %s as day %i", (text, day) => {
    expect(parseDay(text)).toBe(day);
  });

  it.each([
    ["2000-02-29", 11_016],
    ["2024-02-29", 19_782],
    ["1996-02-29", 9555],
  ])("accepts the leap day %s", (text, day) => {
    expect(parseDay(text)).toBe(day);
  });

  it.each([
    ["a day past the month", "1997-02-30"],
    ["29 February of a common year", "1997-02-29"],
    ["29 February of 1900", "1900-02-29"],
    ["month 13", "1998-13-01"],
    ["month 0", "1998-00-10"],
    ["day 0", "1998-06-00"],
    ["a one-digit month", "1998-6-30"],
    ["a timestamp", "1998-06-30T00:00:00Z"],
    ["slashes", "1998/06/30"],
    ["a trailing space", "1998-06-30 "],
    ["an empty string", ""],
  ])("rejects %s", (_case, text) => {
    expect(() => parseDay(text)).toThrow(
      new ConfigError(
        `Invalid date "${text}": expected a calendar date as YYYY-MM-DD, ` +
          "for example 1998-06-30.",
      ),
    );
  });

  it("names the setting in its error", () => {
    expect(() => parseDay("1998-02-30", "as-of")).toThrow(
      new ConfigError(
        'Invalid as-of "1998-02-30": expected a calendar date as ' +
          "YYYY-MM-DD, for example 1998-06-30.",
      ),
    );
  });

  it("inverts formatDay", () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), (day) => {
        expect(parseDay(formatDay(day))).toBe(day);
      }),
    );
  });

  // NOTE: Date.UTC reads years 0 to 99 as 1900 to 1999, so civilToDay
  // rejects those years although formatDay writes them.
  it("reads a year below 100", () => {
    expect(parseDay("0099-12-31")).toBe(-683_004);
  });
});

describe("formatDay", () => {
  it.each([
    [0, "1970-01-01"],
    [-1, "1969-12-31"],
    [10_407, "1998-06-30"],
    [11_016, "2000-02-29"],
    [11_017, "2000-03-01"],
  ])("writes day %i as %s", (day, text) => {
    expect(formatDay(day)).toBe(text);
  });

  it("inverts parseDay", () => {
    const dates = fc
      .date({
        min: new Date("1000-01-01T00:00:00Z"),
        max: new Date("9999-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));

    fc.assert(
      fc.property(dates, (text) => {
        expect(formatDay(parseDay(text))).toBe(text);
      }),
    );
  });
});

describe("civilToDay", () => {
  it.each([
    [1997, 2, 30],
    [2023, 2, 29],
    [2024, 4, 31],
    [2024, 0, 1],
  ])("returns null for %i-%i-%i", (year, month, day) => {
    expect(civilToDay(year, month, day)).toBeNull();
  });

  it("returns the day of a real date", () => {
    expect(civilToDay(2024, 2, 29)).toBe(19_782);
  });
});
