import { describe, expect, it } from "vitest";
import { topLevelNumberText } from "#ingest/records.ts";

describe("topLevelNumberText", () => {
  it.each([
    ['{"amount":1e400}', "1e400"],
    ['{"amount": -1E+400, "quantity": 2}', "-1E+400"],
    ['{"note":{"amount":1},"amount":2e400}', "2e400"],
    ['{"list":[{"amount":1}],"amount":3e400}', "3e400"],
    ['{"x":"\\"amount\\":1","amount":4e400}', "4e400"],
    ['{"\\u0061mount":5e400}', "5e400"],
    ['{"amount":1,"amount":6e400}', "6e400"],
  ])("finds the number of %s", (raw, text) => {
    expect(topLevelNumberText(raw, "amount")).toBe(text);
  });

  it.each([
    '{"amount":"1e400"}',
    '{"amount":true}',
    '{"note":{"amount":1e400}}',
    '{"amount":[1e400]}',
    '{"quantity":1e400}',
  ])("finds none in %s", (raw) => {
    expect(topLevelNumberText(raw, "amount")).toBeNull();
  });
});
