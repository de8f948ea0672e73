import { describe, expect, it } from "vitest";
import type { CustomerHistory } from "#features/history.ts";
import {
  checkTrainingData,
  InsufficientDataError,
} from "#features/sufficiency.ts";

const purchase = (day: number) => ({
  day,
  amount: 10,
  quantity: null,
  category: null,
});

const histories: CustomerHistory[] = [
  { customerId: "a", orders: [purchase(0), purchase(0), purchase(30)] },
  { customerId: "b", orders: [purchase(10), purchase(200)] },
  { customerId: "c", orders: [purchase(300)] },
];

describe("checkTrainingData", () => {
  it("summarises the window up to the cutoff", () => {
    const summary = checkTrainingData(histories, 99, {
      minCustomers: 2,
      minRepeatCustomers: 1,
      minHistoryDays: 100,
    });

    expect(summary).toEqual({
      customers: 2,
      repeatCustomers: 1,
      historyDays: 100,
    });
  });

  it("lists every threshold not met", () => {
    const check = () => checkTrainingData(histories, 99);

    expect(check).toThrow(InsufficientDataError);
    expect(check).toThrow(
      "Too little data up to the cutoff 1970-04-10 to train a model: 2 " +
        "customers with a purchase, at least 100 needed; 1 customers who " +
        "bought on two or more days, at least 20 needed.",
    );
  });
});
