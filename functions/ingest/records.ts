import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse/sync";

/** One record of a source file: its fields, or why they could not be read. */
export type SourceRecord =
  | { line: number; raw: string; fields: string[] }
  | { line: number; raw: string; error: string };

/** Opens a file as a text stream, decompressing it when it is gzip. */
export async function openText(path: string): Promise<Readable> {
  const handle = await open(path);
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const stream = createReadStream(path);
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  return gzip ? stream.pipe(createGunzip()) : stream;
}

/**
 * Reads a file of whitespace-separated fields, one record a line. Blank
 * lines carry no data and are skipped; `line` is 1-based.
 */
export async function* readWhitespaceRecords(
  path: string,
): AsyncGenerator<SourceRecord> {
  const lines = createInterface({
    input: await openText(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const trimmed = text.trim();
    if (trimmed === "") continue;
    yield { line, raw: text, fields: trimmed.split(/\s+/) };
  }
}

/** Most physical lines one quoted CSV record may span. */
const MAX_RECORD_LINES = 1000;

/**
 * Reads a CSV file (RFC 4180, optional BOM, LF or CRLF). A line without
 * quotes is split directly; a record with quotes, which may span lines, is
 * parsed with csv-parse. A record that cannot be read comes back with its
 * error, and reading goes on at the next line, so no row is lost. `line` is
 * the 1-based line on which the record starts.
 */
export async function* readCsvRecords(
  path: string,
  delimiter = ",",
): AsyncGenerator<SourceRecord> {
  const lines = createInterface({
    input: await openText(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let pending: string[] = [];
  let start = 0;
  let line = 0;
  for await (const physical of lines) {
    line += 1;
    const text = line === 1 ? physical.replace(/^\uFEFF/, "") : physical;
    if (pending.length === 0) {
      if (text.trim() === "") continue;
      if (!text.includes('"')) {
        yield { line, raw: text, fields: text.split(delimiter) };
        continue;
      }
      start = line;
    }
    pending.push(text);
    const raw = pending.join("\n");
    if (countQuotes(raw) % 2 === 0) {
      yield parseQuoted(start, raw, delimiter);
      pending = [];
    } else if (pending.length >= MAX_RECORD_LINES) {
      yield* unclosed(start, pending);
      pending = [];
    }
  }
  yield* unclosed(start, pending);
}

function parseQuoted(
  line: number,
  raw: string,
  delimiter: string,
): SourceRecord {
  try {
    const records = parse(raw, {
      delimiter,
      relax_column_count: true,
    }) as string[][];
    if (records.length === 1 && records[0]) {
      return { line, raw, fields: records[0] };
    }
    return { line, raw, error: `found ${records.length} records in one` };
  } catch (error) {
    return { line, raw, error: (error as Error).message };
  }
}

/** Reports each line of a record whose opening quote never closes. */
function* unclosed(start: number, pending: string[]): Generator<SourceRecord> {
  for (const [offset, raw] of pending.entries()) {
    yield {
      line: start + offset,
      raw,
      error: `the quote opened on line ${start} is not closed within ${pending.length} lines`,
    };
  }
}

function countQuotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}
