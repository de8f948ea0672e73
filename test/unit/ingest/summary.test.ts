import { describe, expect, it } from "vitest";
import type { FileReport } from "#ingest/manifest.ts";
import { formatRejections } from "#ingest/summary.ts";

/** A report's file lists, with `read` files ingested and none skipped. */
function lists(rejected: string[], read: number) {
  return {
    rejected: rejected.map((file) => ({ file, error: "bad" })),
    ingested: Array.from({ length: read }, () => ({}) as FileReport),
    alreadyInLake: [],
  };
}

describe("formatRejections", () => {
  it("says nothing without rejected files", () => {
    expect(formatRejections(lists([], 2))).toBe("");
  });

  it("names a single rejected source file", () => {
    expect(formatRejections(lists(["eu.csv"], 0))).toBe(
      "error: 1 file was not ingested (eu.csv; see the warnings above).\n",
    );
  });

  it("counts the other file in the lake", () => {
    expect(formatRejections(lists(["eu.csv"], 1))).toBe(
      "error: 1 file was not ingested (eu.csv; see the warnings above); " +
        "the other file is in the lake.\n",
    );
  });

  it("counts several files on both sides", () => {
    expect(formatRejections(lists(["a.csv", "b.csv"], 3))).toBe(
      "error: 2 files were not ingested (a.csv, b.csv; see the warnings " +
        "above); the other 3 files are in the lake.\n",
    );
  });
});
