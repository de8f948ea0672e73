import { describe, expect, it } from "vitest";
import {
  changedOptions,
  effectiveReading,
  type ReadingOptions,
} from "#ingest/reading.ts";

const READING: ReadingOptions = {
  format: "canonical",
  mapping: null,
  dateFormat: "iso",
  timeZone: "UTC",
  currency: null,
  conversionRates: null,
  cutoff: null,
  amountCap: null,
  delimiter: null,
  quote: null,
  decimalSeparator: null,
};
const HEADER = "order_id;customer_id;order_ts;amount";

/**
 * Returns the names of the options that differ between two readings of a
 * file with the header HEADER.
 */
function changes(before: ReadingOptions, after: ReadingOptions) {
  return changedOptions(
    effectiveReading(before, HEADER),
    effectiveReading(after, HEADER),
  );
}

describe("effectiveReading", () => {
  it("fills defaults and detected delimiter", () => {
    const reading = effectiveReading(READING, HEADER);

    expect(reading.decimalSeparator).toBe(".");
    expect(reading.quote).toBe('"');
    expect(reading.delimiter).toBe(";");
  });

  it("defaults an old reading's decimal separator", () => {
    const { decimalSeparator: _, ...old } = READING;

    const reading = effectiveReading(old as ReadingOptions, HEADER);

    expect(reading.decimalSeparator).toBe(".");
  });
});

describe("changedOptions of effective readings", () => {
  it("compares canonical time zone names", () => {
    const berlin = { ...READING, timeZone: "Europe/Berlin" };

    expect(changes(berlin, { ...READING, timeZone: "europe/berlin" })).toEqual(
      [],
    );
  });

  it.each([
    ["a declared point", { decimalSeparator: "." }],
    ["the detected delimiter", { delimiter: ";" }],
    ["the default quote", { quote: '"' }],
    ["another spelling of UTC", { timeZone: "Etc/UTC" }],
  ] as const)("treats %s as the same reading", (_name, declared) => {
    expect(changes(READING, { ...READING, ...declared })).toEqual([]);
    expect(changes({ ...READING, ...declared }, READING)).toEqual([]);
  });

  it.each([
    ["a comma", { decimalSeparator: "," }, ["decimalSeparator"]],
    ["another delimiter", { delimiter: "," }, ["delimiter"]],
    ["another quote", { quote: "'" }, ["quote"]],
    ["another time zone", { timeZone: "Europe/Berlin" }, ["timeZone"]],
  ] as const)("lists %s", (_name, declared, keys) => {
    expect(changes(READING, { ...READING, ...declared })).toEqual(keys);
  });

  it("compares mappings apart from reading options", () => {
    const columns = { order_id: "Nr" };
    const before = { ...READING, format: "mapping", mapping: { columns } };
    const declared = {
      columns,
      decimalSeparator: ".",
      delimiter: ";",
      quote: '"',
      timeZone: "UTC",
      currency: "EUR",
    };
    const withCurrency = { ...before, mapping: declared, currency: "EUR" };

    expect(changes(before, { ...before, mapping: declared })).toEqual([]);
    expect(changes(before, withCurrency)).toEqual(["currency"]);
    expect(
      changes(before, { ...before, mapping: { columns: { order_id: "Id" } } }),
    ).toEqual(["mapping"]);
  });
});
