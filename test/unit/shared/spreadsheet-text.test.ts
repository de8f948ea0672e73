import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  escapeSpreadsheetText,
  unescapeSpreadsheetText,
} from "#shared/spreadsheet-text.ts";

describe("escapeSpreadsheetText", () => {
  it.each([
    [
      "an equals sign",
      '=HYPERLINK("http://x","y")',
      '\'=HYPERLINK("http://x","y")',
    ],
    ["a plus sign", "+49 30 1234", "'+49 30 1234"],
    ["a minus sign", "-12", "'-12"],
    ["an at sign", "@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["a tab", "\t=1+1", "'\t=1+1"],
    ["a carriage return", "\r=1+1", "'\r=1+1"],
    ["a NUL", "\0=1+1", "'\0=1+1"],
    ["a full-width equals sign", "\uFF1D1+1", "'\uFF1D1+1"],
    ["a full-width plus sign", "\uFF0B1", "'\uFF0B1"],
    ["a full-width minus sign", "\uFF0D1", "'\uFF0D1"],
    ["a full-width at sign", "\uFF20SUM(A1)", "'\uFF20SUM(A1)"],
    ["a single quote", "'=1+1", "''=1+1"],
  ])("prefixes a value starting with %s", (_, value, escaped) => {
    expect(escapeSpreadsheetText(value)).toBe(escaped);
  });

  it.each([
    ["plain text", "c-17"],
    ["digits", "00001"],
    ["an empty value", ""],
    ["a trigger after the first character", "a=b+c-d@e"],
    ["a leading space", " =1+1"],
    ["a leading line feed", "\n=1+1"],
  ])("keeps %s", (_, value) => {
    expect(escapeSpreadsheetText(value)).toBe(value);
  });
});

describe("unescapeSpreadsheetText", () => {
  it.each([
    ["'=1+1", "=1+1"],
    ["''=1+1", "'=1+1"],
    ["'-12", "-12"],
    ["c-17", "c-17"],
    ["", ""],
  ])("reads %j as %j", (cell, value) => {
    expect(unescapeSpreadsheetText(cell)).toBe(value);
  });

  it("inverts the escape of any string", () => {
    const leading = fc.constantFrom(
      "",
      "=",
      "+",
      "-",
      "@",
      "\t",
      "\r",
      "\0",
      "'",
      "''",
      "\uFF1D",
    );
    fc.assert(
      fc.property(leading, fc.string(), (prefix, rest) => {
        const value = prefix + rest;
        expect(unescapeSpreadsheetText(escapeSpreadsheetText(value))).toBe(
          value,
        );
      }),
    );
  });
});
