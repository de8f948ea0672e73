import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OrderText } from "#ingest/canonical.ts";
import { SQL_YEAR } from "#ingest/sql-rules.ts";
import { normaliseTimestamp } from "#ingest/timestamps.ts";
import {
  MAX_ORDER_DATE,
  MIN_ORDER_DATE,
  validateOrder,
} from "#ingest/validate.ts";

const rules = { dateFormat: "iso" as const, currency: "USD" };
const good: OrderText = {
  order_id: "o1",
  customer_id: "c1",
  order_ts: "2024-03-01",
  amount: "12.50",
};

describe("validateOrder", () => {
  it("accepts a complete row", () => {
    const result = validateOrder(
      { ...good, quantity: "2", status: " paid " },
      rules,
    );

    expect(result).toEqual({
      ok: true,
      order: {
        orderId: "o1",
        customerId: "c1",
        orderTs: "2024-03-01 00:00:00",
        amount: 12.5,
        currency: null,
        status: "paid",
        quantity: 2,
        category: null,
        channel: null,
        refundOf: null,
        converted: false,
      },
    });
  });

  it.each([
    [{ order_id: " " }, "missing_order_id", "order_id is empty"],
    [{ customer_id: "" }, "missing_customer_id", "customer_id is empty"],
    [{ order_ts: "" }, "missing_timestamp", "order_ts is empty"],
    [
      { order_ts: "2024-02-30" },
      "invalid_timestamp",
      'order_ts "2024-02-30" is not a valid iso time',
    ],
    [{ amount: "" }, "missing_amount", "amount is empty"],
    [
      { amount: "1,200" },
      "invalid_amount",
      'amount "1,200" is not a number. If the file writes decimal commas ' +
        'such as 12,50, declare the decimal separator "," with ' +
        '--decimal-separator or "decimalSeparator" in the mapping file',
    ],
    [{ amount: "12 EUR" }, "invalid_amount", 'amount "12 EUR" is not a number'],
    [
      { order_ts: "0001-01-01", amount: "x" },
      "date_out_of_range",
      'order_ts "0001-01-01" is before 1900-01-01',
    ],
    [
      { order_ts: "1899-12-31T23:59:59" },
      "date_out_of_range",
      'order_ts "1899-12-31T23:59:59" is before 1900-01-01',
    ],
    [
      { order_ts: "2100-01-01" },
      "date_out_of_range",
      'order_ts "2100-01-01" is after 2099-12-31',
    ],
    [
      { order_ts: "9999-12-31 23:59" },
      "date_out_of_range",
      'order_ts "9999-12-31 23:59" is after 2099-12-31',
    ],
    [
      { amount: "Infinity" },
      "invalid_amount",
      'amount "Infinity" is not a number',
    ],
    [
      { quantity: "-1" },
      "invalid_quantity",
      'quantity "-1" is not a number of at least 0',
    ],
    [
      { currency: "eur" },
      "currency_mismatch",
      "currency EUR is not the shop's USD and has no conversion rate",
    ],
    [
      { refund_of: "o0" },
      "invalid_amount",
      "amount 12.50 of a refund of o0 is above 0",
    ],
  ])("rejects %o as %s", (change, reason, detail) => {
    const result = validateOrder({ ...good, ...change }, rules);

    expect(result).toEqual({ ok: false, reason, detail });
  });

  it.each([
    "1900-01-01",
    "1900-01-01T00:00:00+14:00",
    "2099-12-31 23:59:59.999",
    "2099-12-31T23:59:59-12:00",
  ])("accepts the date range's edge %s", (orderTs) => {
    const result = validateOrder({ ...good, order_ts: orderTs }, rules);

    expect(result.ok).toBe(true);
  });

  it.each([
    ["yyyymmdd", "00010101", "before 1900-01-01"],
    ["yyyymmdd", "99991231", "after 2099-12-31"],
    ["dmy", "31/12/1899 10:00", "before 1900-01-01"],
    ["mdy", "1/1/2100", "after 2099-12-31"],
  ] as const)("checks the date range of %s time %s", (format, ts, bound) => {
    const result = validateOrder(
      { ...good, order_ts: ts },
      { ...rules, dateFormat: format },
    );

    expect(result).toEqual({
      ok: false,
      reason: "date_out_of_range",
      detail: `order_ts "${ts}" is ${bound}`,
    });
  });

  it("matches SQL_YEAR to the date range", () => {
    const pattern = new RegExp(`^${SQL_YEAR}$`);
    for (let year = 1000; year <= 9999; year++) {
      const first = `${year}-01-01`;
      const last = `${year}-12-31`;
      const inRange = first >= MIN_ORDER_DATE && last <= MAX_ORDER_DATE;

      expect(pattern.test(String(year)), String(year)).toBe(inRange);
    }
  });

  it("reads decimal comma amounts and quantities", () => {
    const result = validateOrder(
      { ...good, amount: "-1.234,50", quantity: "2,5", refund_of: "o0" },
      rules,
      ",",
    );

    expect(result).toMatchObject({
      ok: true,
      order: { amount: -1234.5, quantity: 2.5, refundOf: "o0" },
    });
  });

  const POINT_ADVICE =
    'is not a number with the decimal separator ",". If the file writes ' +
    'decimal points such as 12.50, declare the decimal separator "." with ' +
    '--decimal-separator or "decimalSeparator" in the mapping file, or ' +
    "leave both out; otherwise correct the value in the file";

  it.each([
    [{ amount: "12.50" }, "invalid_amount", `amount "12.50" ${POINT_ADVICE}`],
    [
      { amount: "1e3" },
      "invalid_amount",
      'amount "1e3" is not a number: with the decimal separator "," ' +
        "numbers are read without an exponent, so correct the value in " +
        "the file to one without it (1000 for 1e3)",
    ],
    [
      { amount: "1,234.50" },
      "invalid_amount",
      'amount "1,234.50" is not a number (the decimal separator is ",")',
    ],
    [{ quantity: "2.5" }, "invalid_quantity", `quantity "2.5" ${POINT_ADVICE}`],
    [
      { quantity: "-2,5" },
      "invalid_quantity",
      'quantity "-2,5" is not a number of at least 0',
    ],
  ])("rejects %o with a decimal comma", (change, reason, detail) => {
    const row = { ...good, amount: "12,50", ...change };

    const result = validateOrder(row, rules, ",");

    expect(result).toEqual({ ok: false, reason, detail });
  });

  it("accepts any currency without a shop currency", () => {
    const result = validateOrder(
      { ...good, currency: "EUR" },
      {
        ...rules,
        currency: null,
      },
    );

    expect(result.ok).toBe(true);
  });

  it("never throws on random text", () => {
    const field = fc.option(fc.string(), { nil: undefined });
    fc.assert(
      fc.property(field, field, field, field, field, (a, b, c, d, e) => {
        const result = validateOrder(
          { order_id: a, customer_id: b, order_ts: c, amount: d, quantity: e },
          rules,
        );
        expect(typeof result.ok).toBe("boolean");
      }),
    );
  });
});

describe("normaliseTimestamp", () => {
  it.each([
    ["2024-03-01", "iso", "2024-03-01 00:00:00"],
    ["2024-03-01T13:45", "iso", "2024-03-01 13:45:00"],
    ["2024-03-01 13:45:07.25", "iso", "2024-03-01 13:45:07.25"],
    ["2024-03-01T13:45:07Z", "iso", "2024-03-01 13:45:07+00:00"],
    ["2024-03-01T13:45:07-0530", "iso", "2024-03-01 13:45:07-05:30"],
    ["19970101", "yyyymmdd", "1997-01-01 00:00:00"],
    ["3/4/2024 8:05", "dmy", "2024-04-03 08:05:00"],
    ["3/4/2024 8:05", "mdy", "2024-03-04 08:05:00"],
    ["31.12.2024", "dmy", "2024-12-31 00:00:00"],
    ["2024-03-01 13:45:07 +0100", "iso", "2024-03-01 13:45:07+01:00"],
  ] as const)("reads %s as %s", (text, format, expected) => {
    expect(normaliseTimestamp(text, format)).toBe(expected);
  });

  it.each([
    ["2024-13-01", "iso"],
    ["2024-03-01T24:00", "iso"],
    ["2024-03-01T10:00+15:00", "iso"],
    ["01/03/2024", "iso"],
    ["19970230", "yyyymmdd"],
    ["1997-01-01", "yyyymmdd"],
    ["31/12/2024", "mdy"],
    ["12/31/2024 24:00", "mdy"],
  ] as const)("rejects %s", (text, format) => {
    expect(normaliseTimestamp(text, format)).toBeNull();
  });
});
