import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeHistories } from "#features/encoder.ts";
import { computeLabels } from "#features/labels.ts";
import { readHistories } from "#features/lake-reader.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import { parseDay } from "#shared/dates.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";

const tempDir = useTempDirs();

describe("a refund after the cutoff", () => {
  it("lowers the horizon's spend, not the inputs", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      "order_id,customer_id,order_ts,amount,refund_of",
      "o1,c1,2024-01-10,100,",
      "o2,c1,2024-04-01,40,",
      "r1,c1,2024-04-02,-150,o1",
    ]);
    const preset = getPreset("canonical");
    await ingestOrders(file, {
      workdir: join(dir, "w"),
      preset,
      rules: { dateFormat: preset.dateFormat, currency: null },
      timeZone: "UTC",
      reporter: new MemoryReporter(),
    });
    const { histories } = await readHistories(join(dir, "w"));
    const cutoff = parseDay("2024-03-01");

    const inputs = encodeHistories(histories, cutoff, {
      maxOrders: 4,
      categories: null,
    });
    const labels = computeLabels(histories, cutoff, 120, null);

    // The refund is capped at o1's 100 and dated 2024-04-02.
    expect(histories[0]?.orders.map((o) => o.amount)).toEqual([100, 40, -100]);
    // log_total_spend before the cutoff includes the whole of o1.
    expect(inputs.summary[5]).toBe(Math.fround(Math.log1p(100)));
    // The horizon contains o2 and the refund: 40 - 100, floored at 0.
    expect(labels.value[0]).toBe(0);
    expect(labels.orders[0]).toBe(1);
  });
});
