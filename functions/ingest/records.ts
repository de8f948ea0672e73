import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse/sync";
import { InputError } from "#shared/errors.ts";
import { utf8Checker } from "./encoding.ts";
import { EncodingError } from "./errors.ts";
import { type DecimalSeparator, formatNumber } from "./numbers.ts";
import type { CsvDialect } from "./presets/types.ts";

/** One record of a source file: its fields, or why they could not be read. */
export type SourceRecord =
  | { line: number; raw: string; fields: string[] }
  | { line: number; raw: string; error: string };

/**
 * Opens a file as a text stream, decompressing it when it is gzip. The
 * decompressed text of a gzip file is checked to be UTF-8 on the way; a
 * plain file was checked when it was hashed.
 */
export async function openText(path: string): Promise<Readable> {
  const handle = await open(path);
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const stream = createReadStream(path);
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  if (!gzip) return stream;
  const checked = utf8Checker(path);
  // pipeline() passes an error of any stage to the returned stream, and
  // destroying that stream closes the file.
  pipeline(stream, createGunzip(), checked, () => {});
  return checked;
}

/**
 * Yields the lines of a file, 1-based, without line ends (LF or CRLF) and
 * without a leading byte order mark.
 *
 * @throws InputError when the file cannot be read or decompressed.
 * @throws EncodingError when a gzip file's text is not UTF-8.
 */
export async function* readLines(
  path: string,
): AsyncGenerator<[number, string]> {
  const input = await openText(path);
  const lines = createInterface({
    input,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      yield [line, line === 1 ? text.replace(/^\uFEFF/, "") : text];
    }
  } catch (error) {
    if (error instanceof EncodingError) throw error;
    throw new InputError(
      `${path}: reading failed after line ${line} (${(error as Error).message}); ` +
        "check that the file is complete and, if compressed, valid gzip.",
      { cause: error },
    );
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * Returns the first line of a file that is not blank, where a CSV reader
 * detects the delimiter, or "" when every line is blank.
 */
export async function firstNonBlankLine(path: string): Promise<string> {
  for await (const [, text] of readLines(path)) {
    if (text.trim() !== "") return text;
  }
  return "";
}

/**
 * Reads a file of whitespace-separated fields, one record a line. Blank
 * lines carry no data and are skipped; `line` is 1-based.
 */
export async function* readWhitespaceRecords(
  path: string,
): AsyncGenerator<SourceRecord> {
  for await (const [line, text] of readLines(path)) {
    const trimmed = text.trim();
    if (trimmed === "") continue;
    yield { line, raw: text, fields: trimmed.split(/\s+/) };
  }
}

/** Fields that the validation reads as numbers, and their separator. */
export interface NumberFields {
  names: readonly string[];
  separator: DecimalSeparator;
}

/**
 * Reads JSON Lines: one object a line. The first record is a header made of
 * `names` (its line is 0), and each object becomes the values of those keys
 * in that order, so a CSV mapper reads it. Numbers and booleans become
 * text, a missing key or null an empty field. A JSON number in one of
 * `numbers.names` is written with `numbers.separator`, so that the
 * validation, which reads the text with that separator, gets the number
 * back.
 */
export async function* readJsonLinesRecords(
  path: string,
  names: readonly string[],
  numbers: NumberFields = { names: [], separator: "." },
): AsyncGenerator<SourceRecord> {
  yield { line: 0, raw: "", fields: [...names] };
  for await (const [line, raw] of readLines(path)) {
    if (raw.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      yield { line, raw, error: (error as Error).message };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      yield { line, raw, error: "the line is not a JSON object" };
      continue;
    }
    const object = value as Record<string, unknown>;
    const fields = names.map((name) => {
      const field = object[name];
      if (typeof field !== "number" || !numbers.names.includes(name)) {
        return fieldText(field);
      }
      // JSON.parse turns a number beyond the range of a double, such as
      // 1e400, into Infinity, so the quarantine shows the text as written.
      return Number.isFinite(field)
        ? formatNumber(field, numbers.separator)
        : (topLevelNumberText(raw, name) ?? String(field));
    });
    yield { line, raw, fields };
  }
}

/** Tokens of a JSON text: a string, a bracket or brace, or a number. */
const JSON_TOKEN =
  /"(?:[^"\\]|\\.)*"|[{}[\]]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Returns the source text of the number that the top-level key `key` of
 * a valid JSON object line has, or null when it has none. A repeated key
 * gives its last value, as `JSON.parse` does.
 */
export function topLevelNumberText(raw: string, key: string): string | null {
  let depth = 0;
  let currentKey: string | null = null;
  let found: string | null = null;
  for (const match of raw.matchAll(JSON_TOKEN)) {
    const token = match[0];
    if (token === "{" || token === "[") depth += 1;
    else if (token === "}" || token === "]") depth -= 1;
    else if (token.startsWith('"')) {
      const after = raw.slice((match.index ?? 0) + token.length);
      const isKey = depth === 1 && /^\s*:/.test(after);
      currentKey = isKey ? (JSON.parse(token) as string) : null;
      continue;
    } else if (depth === 1 && currentKey === key) {
      found = token;
    }
    currentKey = null;
  }
  return found;
}

function fieldText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return JSON.stringify(value);
}

/** Delimiters tried, in order of preference on a tie. */
const DELIMITERS = [",", ";", "\t", "|"];

/**
 * Picks the delimiter that occurs most often outside quotes in a header
 * line; a comma when none occurs.
 */
export function detectDelimiter(header: string, quote = '"'): string {
  let best = ",";
  let bestCount = 0;
  for (const candidate of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const char of header) {
      if (char === quote) quoted = !quoted;
      else if (char === candidate && !quoted) count += 1;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Most physical lines one quoted CSV record may span. */
const MAX_RECORD_LINES = 1000;

/**
 * Reads a CSV file (RFC 4180, optional BOM, LF or CRLF). The delimiter is
 * detected from the first line unless the dialect declares it. A line
 * without quotes is split directly; a record with quotes, which may span
 * lines, is parsed with csv-parse. A record that cannot be read comes back
 * with its error, and reading goes on at the next line, so no row is lost.
 * `line` is the 1-based line on which the record starts.
 */
export async function* readCsvRecords(
  path: string,
  dialect: CsvDialect = {},
): AsyncGenerator<SourceRecord> {
  const quote = dialect.quote ?? '"';
  let delimiter = dialect.delimiter;
  let pending: string[] = [];
  let start = 0;
  for await (const [line, text] of readLines(path)) {
    if (pending.length === 0) {
      if (text.trim() === "") continue;
      delimiter ??= detectDelimiter(text, quote);
      if (!text.includes(quote)) {
        yield parseCsvLine(line, text, delimiter, quote);
        continue;
      }
      start = line;
    }
    pending.push(text);
    const raw = pending.join("\n");
    if (countChar(raw, quote) % 2 === 0) {
      yield parseQuoted(start, raw, delimiter ?? ",", quote);
      pending = [];
    } else if (pending.length >= MAX_RECORD_LINES) {
      yield* unclosed(start, pending);
      pending = [];
    }
  }
  yield* unclosed(start, pending);
}

/**
 * Parses one physical line that holds a whole CSV record: split directly
 * without quotes, by csv-parse with them.
 */
export function parseCsvLine(
  line: number,
  text: string,
  delimiter: string,
  quote: string,
): SourceRecord {
  if (!text.includes(quote)) {
    return { line, raw: text, fields: text.split(delimiter) };
  }
  return parseQuoted(line, text, delimiter, quote);
}

function parseQuoted(
  line: number,
  raw: string,
  delimiter: string,
  quote: string,
): SourceRecord {
  try {
    // Without a carriage return, the record delimiter csv-parse would
    // discover is the line feed; naming it halves the cost of a call.
    const records = parse(raw, {
      delimiter,
      quote,
      relax_column_count: true,
      ...(raw.includes("\r") ? {} : { record_delimiter: "\n" }),
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

function countChar(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) {
    count++;
  }
  return count;
}
