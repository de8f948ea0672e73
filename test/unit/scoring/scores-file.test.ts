import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { Segment } from "#marketing/segments.ts";
import type { Predictions } from "#scoring/predictions.ts";
import {
  readScores,
  SCORE_COLUMNS,
  scoresPath,
  writeScores,
} from "#scoring/scores-file.ts";
import { InputError } from "#shared/errors.ts";
import { useTempDirs } from "../../helpers/workdir.ts";

const tempDir = useTempDirs();

const HEADER =
  "customer_id,p_alive,expected_orders,expected_value,value_p10," +
  "value_p50,value_p90,segment,model_version,as_of,horizon_days";

function predictions(rows: number[][]): Predictions {
  const column = (index: number) =>
    Float32Array.from(rows, (row) => row[index] as number);
  return {
    pAlive: column(0),
    expectedOrders: column(1),
    expectedValue: column(2),
    valueP10: column(3),
    valueP50: column(4),
    valueP90: column(5),
    categoryProbs: null,
  };
}

async function writeFor(
  customerIds: string[],
  rows: number[][],
  segments: Segment[],
): Promise<string> {
  const path = scoresPath(await tempDir(), "1998-06-30", 273);
  await writeScores(path, {
    customerIds,
    predictions: predictions(rows),
    segments,
    modelVersion: "vc-20261204T154000Z",
    asOf: "1998-06-30",
    horizonDays: 273,
  });
  return path;
}

async function scoresFor(
  customerIds: string[],
  rows: number[][],
  segments: Segment[],
): Promise<string> {
  return readFile(await writeFor(customerIds, rows, segments), "utf8");
}

describe("writeScores", () => {
  it("writes the header and rounded rows", async () => {
    // Predictions are float32. Each value below rounds the same way as its
    // float32 neighbour, and 0.125 is exact, so it rounds half up.
    const text = await scoresFor(
      ["c-1", "c-2"],
      [
        [0.12346, 2.6789, 123.456, 0, 99.999, 1234.5],
        [1, 0.004, 0.125, 1.5, 7, 8.996],
      ],
      ["high_value", "lapsing"],
    );

    expect(text).toBe(
      [
        HEADER,
        "c-1,0.1235,2.68,123.46,0.00,100.00,1234.50,high_value," +
          "vc-20261204T154000Z,1998-06-30,273",
        "c-2,1.0000,0.00,0.13,1.50,7.00,9.00,lapsing," +
          "vc-20261204T154000Z,1998-06-30,273",
        "",
      ].join("\n"),
    );
  });

  it("names the columns of SCORE_COLUMNS", async () => {
    const text = await scoresFor([], [], []);

    expect(text).toBe(`${SCORE_COLUMNS.join(",")}\n`);
    expect(text).toBe(`${HEADER}\n`);
  });

  it("quotes an id with a comma and quote", async () => {
    const id = 'Smith, "Jo"';

    const text = await scoresFor([id], [[0.5, 1, 2, 1, 2, 3]], ["active"]);

    expect(text.split("\n")[1]).toBe(
      '"Smith, ""Jo""",0.5000,1.00,2.00,1.00,2.00,3.00,active,' +
        "vc-20261204T154000Z,1998-06-30,273",
    );
  });

  it("reads back through a CSV parser", async () => {
    const ids = ['Smith, "Jo"', "line\nbreak", " padded ", "plain"];
    const rows = ids.map(() => [0.25, 0.5, 10, 1, 5, 20]);

    const text = await scoresFor(ids, rows, [
      "active",
      "at_risk",
      "lapsing",
      "high_value",
    ]);

    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records.map((record) => record.customer_id)).toEqual(ids);
    expect(records[1]).toEqual({
      customer_id: "line\nbreak",
      p_alive: "0.2500",
      expected_orders: "0.50",
      expected_value: "10.00",
      value_p10: "1.00",
      value_p50: "5.00",
      value_p90: "20.00",
      segment: "at_risk",
      model_version: "vc-20261204T154000Z",
      as_of: "1998-06-30",
      horizon_days: "273",
    });
  });

  it("writes NaN for a missing prediction", async () => {
    const text = await scoresFor(
      ["c-1"],
      [[Number.NaN, 1, 2, 3, 4, 5]],
      ["lapsing"],
    );

    expect(text.split("\n")[1]).toBe(
      "c-1,NaN,1.00,2.00,3.00,4.00,5.00,lapsing,vc-20261204T154000Z," +
        "1998-06-30,273",
    );
  });

  it.each([
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+49", "'+49"],
    ["-12", "'-12"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", '"\'\r=1+1"'],
    ["'=1+1", "''=1+1"],
  ])("escapes the id %j", async (id, cell) => {
    const text = await scoresFor([id], [[0.5, 1, 2, 1, 2, 3]], ["active"]);

    expect(text.split("\n")[1]).toBe(
      `${cell},0.5000,1.00,2.00,1.00,2.00,3.00,active,` +
        "vc-20261204T154000Z,1998-06-30,273",
    );
  });

  it("keeps negative numbers unescaped", async () => {
    const text = await scoresFor(
      ["-7"],
      [[0.5, 1, -2.5, -1.004, -0.001, 3]],
      ["lapsing"],
    );

    expect(text.split("\n")[1]).toBe(
      "'-7,0.5000,1.00,-2.50,-1.00,-0.00,3.00,lapsing," +
        "vc-20261204T154000Z,1998-06-30,273",
    );
  });
});

/** Size limit, in KiB, on the files that a writer child process writes. */
const CHILD_FILE_LIMIT_KIB = 16;
/** Rows that make a scores file of about 257 KiB, far above that limit. */
const ROWS_ABOVE_LIMIT = 3000;

/**
 * Runs `writeScores` in a child process whose file size limit
 * (`ulimit -f`) makes the write fail with EFBIG in the middle of the file.
 * Node (checked with 20.20) ignores SIGXFSZ, so the child gets the error
 * instead of being killed. Returns the child's exit code and stderr.
 */
async function writeInLimitedProcess(
  path: string,
): Promise<{ code: number; stderr: string }> {
  const script =
    `ulimit -f ${CHILD_FILE_LIMIT_KIB} && exec node --import tsx ` +
    `test/helpers/write-scores-process.ts "$0" ${ROWS_ABOVE_LIMIT}`;
  try {
    await promisify(execFile)("bash", ["-c", script, path], {
      // tsx caches compiled files under the temp folder, and the limit
      // would make those writes fail too.
      env: { ...process.env, TSX_DISABLE_CACHE: "1" },
    });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe("writeScores when the write fails", () => {
  it("leaves no file when a write fails mid-file", async () => {
    const path = scoresPath(await tempDir(), "1998-06-30", 273);

    const child = await writeInLimitedProcess(path);

    expect(child.code).not.toBe(0);
    expect(child.stderr).toContain("EFBIG");
    expect(await readdir(dirname(path))).toEqual([]);
  }, 60_000);

  it("keeps the previous file when a rewrite fails", async () => {
    const path = await writeFor(["c-1"], [[0.5, 1, 2, 1, 2, 3]], ["active"]);
    const previous = await readFile(path, "utf8");

    const child = await writeInLimitedProcess(path);

    expect(child.code).not.toBe(0);
    expect(child.stderr).toContain("EFBIG");
    expect(await readFile(path, "utf8")).toBe(previous);
    expect(await readdir(dirname(path))).toEqual(["scores.csv"]);
  }, 60_000);

  it("writes the whole file without the size limit", async () => {
    // The same child process without `ulimit`, to show that the limit is
    // what makes the two tests above fail.
    const path = scoresPath(await tempDir(), "1998-06-30", 273);

    await promisify(execFile)(
      "node",
      [
        "--import",
        "tsx",
        "test/helpers/write-scores-process.ts",
        path,
        String(ROWS_ABOVE_LIMIT),
      ],
      { env: { ...process.env, TSX_DISABLE_CACHE: "1" } },
    );

    expect((await stat(path)).size).toBeGreaterThan(
      CHILD_FILE_LIMIT_KIB * 1024,
    );
    expect(await readScores(path)).toHaveLength(ROWS_ABOVE_LIMIT);
    expect(await readdir(dirname(path))).toEqual(["scores.csv"]);
  }, 60_000);

  it("rejects a path whose folder is a file", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "273d"), "not a folder\n");

    const write = writeScores(join(dir, "273d", "scores.csv"), {
      customerIds: ["c-1"],
      predictions: predictions([[0.5, 1, 2, 1, 2, 3]]),
      segments: ["active"],
      modelVersion: "vc-1",
      asOf: "1998-06-30",
      horizonDays: 273,
    });

    await expect(write).rejects.toThrow(/EEXIST|ENOTDIR/);
    expect(await readdir(dir)).toEqual(["273d"]);
    expect(await readFile(join(dir, "273d"), "utf8")).toBe("not a folder\n");
  });

  it("removes the temporary file when the rename fails", async () => {
    const path = scoresPath(await tempDir(), "1998-06-30", 273);
    // A folder in place of the file makes the rename fail after the rows
    // are written.
    await mkdir(join(path, "kept"), { recursive: true });

    const write = writeScores(path, {
      customerIds: ["c-1"],
      predictions: predictions([[0.5, 1, 2, 1, 2, 3]]),
      segments: ["active"],
      modelVersion: "vc-1",
      asOf: "1998-06-30",
      horizonDays: 273,
    });

    await expect(write).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(await readdir(dirname(path))).toEqual(["scores.csv"]);
    expect(await readdir(path)).toEqual(["kept"]);
  });
});

describe("readScores", () => {
  it("returns the ids and values written", async () => {
    const ids = [
      "=1+1",
      "'=1+1",
      "''",
      "-12",
      "@x",
      "\r=cmd|' /C calc'!A0",
      'Smith, "Jo"',
      "line\nbreak",
      "plain",
    ];
    const rows = ids.map((_, i) => [0.25, 0.5, -i - 0.5, 1, 5, 20]);
    const path = await writeFor(
      ids,
      rows,
      ids.map(() => "at_risk"),
    );

    const scores = await readScores(path);

    expect(scores.map((row) => row.customerId)).toEqual(ids);
    expect(scores.map((row) => row.expectedValue)).toEqual(
      ids.map((_, i) => -i - 0.5),
    );
    expect(scores[0]).toEqual({
      customerId: "=1+1",
      pAlive: 0.25,
      expectedOrders: 0.5,
      expectedValue: -0.5,
      valueP10: 1,
      valueP50: 5,
      valueP90: 20,
      segment: "at_risk",
      modelVersion: "vc-20261204T154000Z",
      asOf: "1998-06-30",
      horizonDays: 273,
    });
  });

  it("reads NaN back", async () => {
    const path = await writeFor(
      ["c-1"],
      [[Number.NaN, 1, 2, 3, 4, 5]],
      ["lapsing"],
    );

    const [row] = await readScores(path);

    expect(row?.pAlive).toBeNaN();
    expect(row?.valueP90).toBe(5);
  });

  it("rejects a file without horizon_days", async () => {
    const path = join(await tempDir(), "scores.csv");
    await writeFile(
      path,
      "customer_id,p_alive,expected_orders,expected_value,value_p10," +
        "value_p50,value_p90,segment,model_version,as_of\n" +
        "c-1,0.5000,1.00,2.00,1.00,2.00,3.00,active,vc-1,1998-06-30\n",
    );

    await expect(readScores(path)).rejects.toThrow(InputError);
  });

  it("rejects a file with other columns", async () => {
    const path = join(await tempDir(), "scores.csv");
    await writeFile(path, "customer_id,p_alive\nc-1,0.5\n");

    const read = readScores(path);

    await expect(read).rejects.toThrow(InputError);
    await expect(read).rejects.toThrow(
      /has the columns customer_id, p_alive, not customer_id, p_alive, /,
    );
  });
});

describe("scoresPath", () => {
  it("puts each horizon in its own folder", () => {
    expect(scoresPath("/data", "1998-06-30", 273)).toBe(
      join("/data", "scores", "1998-06-30", "273d", "scores.csv"),
    );
    expect(scoresPath("/data", "1998-06-30", 365)).toBe(
      join("/data", "scores", "1998-06-30", "365d", "scores.csv"),
    );
  });
});
