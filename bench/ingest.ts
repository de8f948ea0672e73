/**
 * Benchmarks ingestion against DuckDB's own CSV-to-Parquet copy of the same
 * file, in the same run. Usage:
 *
 *   npx tsx bench/ingest.ts [--rows 10000000] [--repeat 3]
 *     [--dir /tmp/valuecast-bench]
 *
 * For each of canonical and invoice-lines it writes the export (once per
 * size), then runs `--repeat` times, each in a fresh process so that peak
 * memory is its own: the floor (`COPY (SELECT * FROM read_csv(...)) TO
 * ... (FORMAT parquet)`, no rules) and `ingestOrders` with every rule. It
 * prints one JSON line per run, the machine, and a Markdown table of the
 * median times and the highest peak memory.
 *
 * A daily file follows each canonical ingestion: 1,000 new orders of the
 * lake's customers, ingested into the lake just written (`daily-lake`)
 * and, as the reference, into an empty workdir (`daily-empty`). The second
 * table shows what the lake adds to a small file's ingestion.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { ingestOrders } from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import { loadIngestSettings } from "#ingest/settings.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { generateExport } from "./generate.ts";

const FORMATS = ["canonical", "invoice-lines"] as const;
type Format = (typeof FORMATS)[number];

/** Rows of the daily file. */
const DAILY_ROWS = 1000;

interface Run {
  format: Format;
  what: "duckdb-floor" | "ingest" | "daily-empty" | "daily-lake";
  rows: number;
  seconds: number;
  peakRssMiB: number;
}

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000000" },
    repeat: { type: "string", default: "3" },
    dir: { type: "string", default: "/tmp/valuecast-bench" },
    child: { type: "string" },
    format: { type: "string" },
  },
});

if (values.child) {
  const run = await runChild(
    values.child as Run["what"],
    values.format as Format,
    values.dir,
    Number(values.rows),
  );
  process.stdout.write(`${JSON.stringify(run)}\n`);
} else {
  await main(Number(values.rows), Number(values.repeat), values.dir);
}

async function main(rows: number, repeat: number, dir: string) {
  mkdirSync(dir, { recursive: true });
  const runs: Run[] = [];
  for (const format of FORMATS) {
    const file = exportPath(dir, format, rows);
    if (!existsSync(file)) await generateExport(file, format, rows);
    if (format === "canonical") await writeDailyFile(dir);
    const steps =
      format === "canonical"
        ? (["duckdb-floor", "ingest", "daily-empty", "daily-lake"] as const)
        : (["duckdb-floor", "ingest"] as const);
    for (let round = 0; round < repeat; round++) {
      for (const what of steps) {
        const run = runInChild(what, format, dir, rows);
        process.stdout.write(`${JSON.stringify(run)}\n`);
        runs.push(run);
      }
    }
  }
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const memoryGiB = Math.round(totalmem() / 2 ** 30);
  process.stdout.write(
    `machine: ${cpus().length} cores (${cpu}), ${memoryGiB} GiB\n`,
  );
  process.stdout.write(table(runs));
  process.stdout.write(dailyTable(runs));
}

/**
 * Writes the daily file: the generator's first `DAILY_ROWS` canonical
 * rows with order ids `d0`, `d1`, ... that the lake does not have. Its
 * customer ids are among the big file's.
 */
async function writeDailyFile(dir: string): Promise<void> {
  const path = dailyPath(dir);
  if (existsSync(path)) return;
  const draft = `${path}.draft`;
  await generateExport(draft, "canonical", DAILY_ROWS);
  const [header, ...lines] = readFileSync(draft, "utf8").trimEnd().split("\n");
  const renamed = lines.map((line) => line.replace(/^o/, "d"));
  writeFileSync(path, `${[header, ...renamed].join("\n")}\n`);
  rmSync(draft);
}

function dailyPath(dir: string): string {
  return join(dir, `canonical-daily-${DAILY_ROWS}.csv`);
}

function runInChild(
  what: Run["what"],
  format: Format,
  dir: string,
  rows: number,
): Run {
  const output = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "bench/ingest.ts",
      `--child=${what}`,
      `--format=${format}`,
      `--dir=${dir}`,
      `--rows=${rows}`,
    ],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(output.trim().split("\n").at(-1) ?? "") as Run;
}

async function runChild(
  what: Run["what"],
  format: Format,
  dir: string,
  rows: number,
): Promise<Run> {
  const daily = what === "daily-empty" || what === "daily-lake";
  const file = daily ? dailyPath(dir) : exportPath(dir, format, rows);
  // The daily file goes into the lake that the last `ingest` run wrote.
  const out = join(
    dir,
    what === "daily-lake" ? `ingest-${format}` : `${what}-${format}`,
  );
  if (what !== "daily-lake") {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
  }
  const start = performance.now();
  if (what === "duckdb-floor") {
    const db = await (await DuckDBInstance.create(":memory:")).connect();
    await db.run(`COPY (SELECT * FROM read_csv('${file}', all_varchar = true))
      TO '${join(out, "floor.parquet")}' (FORMAT parquet)`);
    db.closeSync();
  } else {
    const preset = getPreset(format);
    await ingestOrders(file, {
      workdir: out,
      preset,
      rules: { dateFormat: preset.dateFormat, currency: null },
      timeZone: "UTC",
      reporter: new MemoryReporter(),
      settings: loadIngestSettings({}, {}),
    });
  }
  const seconds = (performance.now() - start) / 1000;
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  return { format, what, rows, seconds, peakRssMiB };
}

function exportPath(dir: string, format: Format, rows: number): string {
  return join(dir, `${format}-${rows}.csv`);
}

function table(runs: Run[]): string {
  const lines = [
    "| format | rows | DuckDB floor (s) | ingest (s) | ratio | peak RSS floor / ingest (MiB) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const format of FORMATS) {
    const floor = runs.filter(
      (r) => r.format === format && r.what === "duckdb-floor",
    );
    const ours = runs.filter((r) => r.format === format && r.what === "ingest");
    if (floor.length === 0 || ours.length === 0) continue;
    const floorSeconds = median(floor.map((r) => r.seconds));
    const oursSeconds = median(ours.map((r) => r.seconds));
    const peak = (list: Run[]) => Math.max(...list.map((r) => r.peakRssMiB));
    lines.push(
      `| ${format} | ${ours[0]?.rows} | ${floorSeconds.toFixed(1)} | ` +
        `${oursSeconds.toFixed(1)} | ${(oursSeconds / floorSeconds).toFixed(2)} | ` +
        `${peak(floor)} / ${peak(ours)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function dailyTable(runs: Run[]): string {
  const empty = runs.filter((r) => r.what === "daily-empty");
  const lake = runs.filter((r) => r.what === "daily-lake");
  if (empty.length === 0 || lake.length === 0) return "";
  const emptySeconds = median(empty.map((r) => r.seconds));
  const lakeSeconds = median(lake.map((r) => r.seconds));
  return [
    "",
    `| daily file | lake rows | into an empty workdir (s) | into the lake (s) | ratio |`,
    "| ---: | ---: | ---: | ---: | ---: |",
    `| ${DAILY_ROWS} | ${lake[0]?.rows} | ${emptySeconds.toFixed(2)} | ` +
      `${lakeSeconds.toFixed(2)} | ${(lakeSeconds / emptySeconds).toFixed(1)} |`,
    "",
  ].join("\n");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
