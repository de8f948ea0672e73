import { once } from "node:events";
import { createWriteStream } from "node:fs";

/**
 * Writes a synthetic order export of `rows` data rows, streamed, so any
 * size fits in little memory. `canonical` writes one order a row;
 * `invoice-lines` writes invoices of 1 to 12 lines, about 2 % of them
 * cancellations (C invoices), some descriptions quoted because they hold
 * a comma, and about 1 % of lines without a customer, as real exports
 * have. A fixed seed makes every run write the same file.
 */
export async function generateExport(
  path: string,
  format: "canonical" | "invoice-lines",
  rows: number,
): Promise<void> {
  const out = createWriteStream(path);
  const random = seededRandom(42);
  const customers = Math.max(10, Math.floor(rows / 8));
  const write = format === "canonical" ? canonicalRows : invoiceRows;
  let batch: string[] = [];
  for (const line of write(rows, customers, random)) {
    batch.push(line);
    if (batch.length === 10_000) {
      if (!out.write(`${batch.join("\n")}\n`)) await once(out, "drain");
      batch = [];
    }
  }
  out.end(batch.length > 0 ? `${batch.join("\n")}\n` : "");
  await once(out, "finish");
}

const START_MS = Date.UTC(2021, 0, 1);
const SPAN_MS = 3 * 365 * 86_400_000;
const PRODUCTS = [
  ["85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "2.55"],
  ["71053", "WHITE METAL LANTERN", "3.39"],
  ["22633", '"HAND WARMER, UNION JACK"', "1.85"],
  ["84879", "ASSORTED COLOUR BIRD ORNAMENT", "1.69"],
  ["22960", "JAM MAKING SET WITH JARS", "4.25"],
  ["21212", '"PACK OF 72 RETROSPOT CAKE CASES"', "0.55"],
];

function* canonicalRows(
  rows: number,
  customers: number,
  random: () => number,
): Generator<string> {
  yield "order_id,customer_id,order_ts,amount,currency,status,quantity,category,channel";
  for (let i = 0; i < rows; i++) {
    const customer = Math.floor(random() ** 2 * customers);
    const ts = timestamp(random);
    const amount = (5 + random() * 200).toFixed(2);
    const status = random() < 0.03 ? "cancelled" : "paid";
    const quantity = 1 + Math.floor(random() * 5);
    const category = `cat${Math.floor(random() * 20)}`;
    const channel = random() < 0.7 ? "web" : "store";
    yield `o${i},c${customer},${ts},${amount},USD,${status},${quantity},${category},${channel}`;
  }
}

function* invoiceRows(
  rows: number,
  customers: number,
  random: () => number,
): Generator<string> {
  yield "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
  let written = 0;
  for (let invoice = 500_000; written < rows; invoice++) {
    const cancellation = random() < 0.02;
    const id = cancellation ? `C${invoice - 1}` : String(invoice);
    const customer = String(10_000 + Math.floor(random() ** 2 * customers));
    const date = slashDate(random);
    const lines = Math.min(rows - written, 1 + Math.floor(random() * 12));
    for (let l = 0; l < lines; l++) {
      const [code, name, price] = PRODUCTS[
        Math.floor(random() * PRODUCTS.length)
      ] as string[];
      const quantity =
        (1 + Math.floor(random() * 24)) * (cancellation ? -1 : 1);
      const customerCell = random() < 0.01 ? "" : customer;
      yield `${id},${code},${name},${quantity},${date},${price},${customerCell},United Kingdom`;
    }
    written += lines;
  }
}

function timestamp(random: () => number): string {
  const ms = START_MS + Math.floor((random() * SPAN_MS) / 1000) * 1000;
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** Month-first dates, as `12/1/2010 8:26`, with days above 12 in the mix. */
function slashDate(random: () => number): string {
  const date = new Date(START_MS + Math.floor(random() * SPAN_MS));
  return (
    `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ` +
    `${date.getUTCHours()}:${String(date.getUTCMinutes()).padStart(2, "0")}`
  );
}

/** A small linear congruential generator: fast and reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
