import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decimalSeparatorSchema,
  formatNumber,
  invalidNumberDetail,
  parseNumber,
} from "#ingest/numbers.ts";

describe("parseNumber with a decimal comma", () => {
  it.each([
    ["12,50", 12.5],
    ["-12,50", -12.5],
    ["+3,5", 3.5],
    ["1234,5", 1234.5],
    ["1.234,50", 1234.5],
    ["1 234,50", 1234.5],
    ["1\u00a0234,50", 1234.5],
    ["1\u202f234,50", 1234.5],
    ["-1.234.567,89", -1234567.89],
    ["1.234", 1234],
    ["12", 12],
    ["0,5", 0.5],
    [",5", 0.5],
    ["12,", 12],
    ["1.234,", 1234],
  ])("reads %s as %d", (text, expected) => {
    expect(parseNumber(text, ",")).toBe(expected);
  });

  it.each([
    "12.50",
    "0.125",
    "1,234.50",
    "1.23,4",
    "1.2345",
    "1.234 567,0",
    "1..234",
    "12,50,00",
    "1.234,5e3",
    "01.234",
    "1 234.5",
    ",",
    "",
    "NaN",
    "Infinity",
    "1,5e999",
    "1e3",
    "12,5e3",
    "1,5e-7",
    "-2E2",
  ])("rejects %s", (text) => {
    expect(parseNumber(text, ",")).toBeNull();
  });

  it("reads grouped European amounts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom(".", " ", "\u00a0"),
        (whole, cents, group) => {
          const grouped = whole.toLocaleString("en-US").replaceAll(",", group);
          const text = `${grouped},${String(cents).padStart(2, "0")}`;
          const expected = Number(`${whole}.${String(cents).padStart(2, "0")}`);

          expect(parseNumber(text, ",")).toBe(expected);
        },
      ),
    );
  });
});

describe("parseNumber with a decimal point", () => {
  it.each([
    ["12.50", 12.5],
    ["-.5", -0.5],
    ["1e3", 1000],
    ["007", 7],
  ])("reads %s as %d", (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it.each(["12,50", "1.234,50", "1 234", "1,200", "1e999"])(
    "rejects %s",
    (text) => {
      expect(parseNumber(text)).toBeNull();
      expect(parseNumber(text, ".")).toBeNull();
    },
  );
});

describe("formatNumber", () => {
  it("round-trips through parseNumber", () => {
    fc.assert(
      fc.property(
        // The filter drops -0 because String(-0) is "0", which parses as 0.
        fc
          .double({ noNaN: true, noDefaultInfinity: true })
          .filter((value) => !Object.is(value, -0)),
        fc.constantFrom(".", ",") as fc.Arbitrary<"." | ",">,
        (value, separator) => {
          const text = formatNumber(value, separator);

          expect(parseNumber(text, separator)).toBe(value);
        },
      ),
    );
  });

  it("writes the given separator", () => {
    expect(formatNumber(1234.5, ",")).toBe("1234,5");
    expect(formatNumber(1234.5)).toBe("1234.5");
  });

  it.each([
    [1.5e-7, "0,00000015"],
    [-1.5e-7, "-0,00000015"],
    [1e21, "1000000000000000000000"],
    [1.25e22, "12500000000000000000000"],
    [5e-324, `0,${"0".repeat(323)}5`],
  ])("writes %d without an exponent for a comma", (value, text) => {
    expect(formatNumber(value, ",")).toBe(text);
  });
});

describe("invalidNumberDetail", () => {
  it("suggests declaring a decimal comma", () => {
    expect(invalidNumberDetail("amount", "12,50", ".")).toBe(
      'amount "12,50" is not a number. If the file writes decimal commas ' +
        'such as 12,50, declare the decimal separator "," with ' +
        '--decimal-separator or "decimalSeparator" in the mapping file',
    );
  });

  it("gives no hint for unparseable text", () => {
    expect(invalidNumberDetail("amount", "12 EUR", ".")).toBe(
      'amount "12 EUR" is not a number',
    );
  });

  it("suggests declaring a decimal point", () => {
    expect(invalidNumberDetail("amount", "12.50", ",")).toBe(
      'amount "12.50" is not a number with the decimal separator ",". If ' +
        "the file writes decimal points such as 12.50, declare the decimal " +
        'separator "." with --decimal-separator or "decimalSeparator" in ' +
        "the mapping file, or leave both out; otherwise correct the value " +
        "in the file",
    );
  });

  it.each([
    ["12,5e3", "12500"],
    ["1e3", "1000"],
    ["1,5e-7", "0,00000015"],
  ])("rejects the exponent of %s with a comma", (text, example) => {
    expect(invalidNumberDetail("amount", text, ",")).toBe(
      `amount "${text}" is not a number: with the decimal separator "," ` +
        "numbers are read without an exponent, so correct the value in the " +
        `file to one without it (${example} for ${text})`,
    );
  });

  it.each([".", ","] as const)(
    "gives no advice beyond a double with %s",
    (separator) => {
      expect(invalidNumberDetail("amount", "1e400", separator)).toBe(
        'amount "1e400" is not a number',
      );
    },
  );

  it("names the comma for mixed separators", () => {
    expect(invalidNumberDetail("amount", "1,234.50", ",")).toBe(
      'amount "1,234.50" is not a number (the decimal separator is ",")',
    );
  });

  it.each(["true", "x", "EUR"])(
    "gives no separator for %s without digits",
    (text) => {
      expect(invalidNumberDetail("amount", text, ",")).toBe(
        `amount "${text}" is not a number`,
      );
    },
  );

  it("adds no hint for a failed condition", () => {
    expect(invalidNumberDetail("quantity", "-1,5", ",", " of at least 0")).toBe(
      'quantity "-1,5" is not a number of at least 0',
    );
  });
});

describe("decimalSeparatorSchema", () => {
  it.each([";", "comma", 1])("names the rejected value %o", (value) => {
    const result = decimalSeparatorSchema.safeParse(value);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      `${JSON.stringify(value)} is not a decimal separator: use "." for ` +
        'amounts such as 12.50, or "," for amounts such as 12,50',
    );
  });
});
