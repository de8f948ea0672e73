/**
 * Writes a scores file of synthetic customers with `writeScores`, so a test
 * can run the write in a child process under a file size limit.
 *
 * Usage: node --import tsx test/helpers/write-scores-process.ts PATH ROWS
 */
import { writeScores } from "#scoring/scores-file.ts";

const [path, rowsArgument] = process.argv.slice(2);
const rows = Number(rowsArgument);
if (path === undefined || !Number.isInteger(rows) || rows < 0) {
  throw new Error(
    `Invalid arguments ${JSON.stringify(process.argv.slice(2))}: ` +
      "expected a scores path and a whole number of rows.",
  );
}
const column = () => Float32Array.from({ length: rows }, (_, i) => i / rows);
await writeScores(path, {
  customerIds: Array.from({ length: rows }, (_, i) => `customer-${i}`),
  predictions: {
    pAlive: column(),
    expectedOrders: column(),
    expectedValue: column(),
    valueP10: column(),
    valueP50: column(),
    valueP90: column(),
    categoryProbs: null,
  },
  segments: Array.from({ length: rows }, () => "active"),
  modelVersion: "vc-20261204T154000Z",
  asOf: "1998-06-30",
  horizonDays: 273,
});
