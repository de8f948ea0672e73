import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Per-customer summary of the CDNOW sample over the calibration period,
 * built the way the published BG/NBD and Gamma-Gamma results were.
 */
export interface CdnowCustomer {
  /** Number of repeat transactions, the purchase days after the first. */
  readonly x: number;
  /** Weeks from the first to the last purchase day. */
  readonly tx: number;
  /** Weeks from the first purchase day to the calibration end. */
  readonly T: number;
  /** Mean dollars per repeat transaction, 0 when `x` is 0. */
  readonly meanRepeatSpend: number;
  /** Mean dollars per transaction, the first one included. */
  readonly meanSpend: number;
}

const SAMPLE = fileURLToPath(
  new URL("../../../data/cdnow/CDNOW_sample.txt", import.meta.url),
);
const CALIBRATION_END = dayNumber("19970930");

/**
 * Reads the 2,357-customer CDNOW sample and summarises purchases from
 * 1997-01-01 to 1997-09-30 inclusive, in weeks. Purchases on one day merge
 * into one transaction whose value is their sum. Customers come in the order
 * of their sample id.
 */
export function readCdnowCalibration(): CdnowCustomer[] {
  const byCustomer = new Map<string, Map<number, number>>();
  for (const line of readFileSync(SAMPLE, "utf8").split(/\r?\n/)) {
    const [, sampleId, date, , dollars] = line.trim().split(/\s+/);
    if (sampleId === undefined || date === undefined) continue;
    const day = dayNumber(date);
    if (day > CALIBRATION_END) continue;
    const days = byCustomer.get(sampleId) ?? new Map<number, number>();
    days.set(day, (days.get(day) ?? 0) + Number(dollars));
    byCustomer.set(sampleId, days);
  }
  return [...byCustomer.entries()]
    .sort(([u], [v]) => Number(u) - Number(v))
    .map(([, days]) => summarise(days));
}

function summarise(days: Map<number, number>): CdnowCustomer {
  const transactions = [...days.entries()].sort(([u], [v]) => u - v);
  const [firstDay = 0, firstValue = 0] = transactions[0] ?? [];
  const [lastDay = firstDay] = transactions.at(-1) ?? [];
  const repeats = transactions.slice(1).map(([, value]) => value);
  const repeatTotal = repeats.reduce((sum, value) => sum + value, 0);

  return {
    x: repeats.length,
    tx: (lastDay - firstDay) / 7,
    T: (CALIBRATION_END - firstDay) / 7,
    meanRepeatSpend: repeats.length > 0 ? repeatTotal / repeats.length : 0,
    meanSpend: (firstValue + repeatTotal) / transactions.length,
  };
}

/** Days since 1970-01-01 of a `YYYYMMDD` date. */
function dayNumber(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(4, 6));
  const day = Number(date.slice(6, 8));
  return Date.UTC(year, month - 1, day) / 86_400_000;
}
