import { describe, expect, it } from "vitest";
import { LineBreakScan } from "#ingest/line-breaks.ts";

/** Scans `text` cut into chunks of `size` bytes. */
function scan(text: string, size = 1 << 20) {
  const bytes = Buffer.from(text);
  const breaks = new LineBreakScan();
  for (let start = 0; start < bytes.length; start += size) {
    breaks.push(bytes.subarray(start, start + size));
  }
  return breaks.result();
}

describe("line break scan", () => {
  it("finds LF files", () => {
    expect(scan("a,b\n1,2\n")).toEqual({ breaks: "lf", soh: false });
    expect(scan("")).toEqual({ breaks: "lf", soh: false });
  });

  it("finds CR LF files", () => {
    expect(scan("a,b\r\n1,2\r\n3,4")).toEqual({ breaks: "crlf", soh: false });
  });

  it("finds CR LF across chunk borders", () => {
    for (const size of [1, 2, 3, 4, 5]) {
      expect(scan("a\r\nb\r\nc\r\n", size).breaks).toBe("crlf");
    }
  });

  it("calls a lone CR mixed", () => {
    expect(scan("a\r\n\rb\r\n").breaks).toBe("mixed");
    expect(scan("a\r\r\nb\r\n").breaks).toBe("mixed");
    expect(scan("a\rb").breaks).toBe("mixed");
    expect(scan("a\r\nb\r").breaks).toBe("mixed");
    expect(scan("a\r\nb\r", 6).breaks).toBe("mixed");
  });

  it("calls LF and CR LF together mixed", () => {
    expect(scan("a\nb\r\n").breaks).toBe("mixed");
    expect(scan("a\r\nb\n").breaks).toBe("mixed");
    expect(scan("a\n\r\n").breaks).toBe("mixed");
    expect(scan("a\nb\nc\r\n", 2).breaks).toBe("mixed");
  });

  it("finds a U+0001 character", () => {
    expect(scan("a,b\nx\u0001y\n").soh).toBe(true);
    expect(scan("a,b\nx\\x01y\n").soh).toBe(false);
  });
});
