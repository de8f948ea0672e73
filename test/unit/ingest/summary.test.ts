import { describe, expect, it } from "vitest";
import type { FileReport } from "#ingest/manifest.ts";
import { formatRejections } from "#ingest/summary.ts";

/**
 * Builds a report's file lists with `ingestedCount` files ingested and none
 * already in the lake.
 */
function fileLists(rejected: string[], ingestedCount: number) {
  return {
    rejected: rejected.map((file) => ({ file, error: "bad" })),
    ingested: Array.from({ length: ingestedCount }, () => ({}) as FileReport),
    alreadyInLake: [],
  };
}

describe("formatRejections", () => {
  it("returns empty text without rejections", () => {
    expect(formatRejections(fileLists([], 2))).toBe("");
  });

  it("names a single rejected source file", () => {
    expect(formatRejections(fileLists(["eu.csv"], 0))).toBe(
      "error: 1 file was not ingested (eu.csv; see the warnings above).\n",
    );
  });

  it("counts one other file", () => {
    expect(formatRejections(fileLists(["eu.csv"], 1))).toBe(
      "error: 1 file was not ingested (eu.csv; see the warnings above); " +
        "the other file is in the lake.\n",
    );
  });

  it("counts several rejected and other files", () => {
    expect(formatRejections(fileLists(["a.csv", "b.csv"], 3))).toBe(
      "error: 2 files were not ingested (a.csv, b.csv; see the warnings " +
        "above); the other 3 files are in the lake.\n",
    );
  });
});
