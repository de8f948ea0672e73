import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { Transform } from "node:stream";
import { EncodingError } from "./errors.ts";
import { LineBreakScan, type LineBreaks } from "./line-breaks.ts";

const NEWLINE = 0x0a;

/**
 * Checks, chunk by chunk, that a byte stream is UTF-8 text: valid UTF-8,
 * no NUL byte and no UTF-16 byte order mark. Only whole lines are checked,
 * so a character split between two chunks is never reported.
 */
export class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);
  private lines = 0;
  private started = false;
  private checkedBytes = 0;

  /**
   * @param path the file, as the error message names it.
   * @param gzip true when the checked bytes are a gzip file's content.
   * @param linesBefore counts the lines in the first `bytes` bytes. When
   *   given, lines are counted only for an error message, because counting
   *   every line costs about half as much as hashing the file.
   */
  constructor(
    private readonly path: string,
    private readonly gzip = false,
    private readonly linesBefore?: (bytes: number) => number,
  ) {}

  /** @throws EncodingError at the first line that is not UTF-8 text. */
  push(chunk: Buffer): void {
    if (!this.started && this.carry.length + chunk.length >= 2) {
      this.started = true;
      const start = Buffer.concat([this.carry, chunk.subarray(0, 2)]);
      if (isUtf16Mark(start)) throw utf16Error(this.path, this.gzip);
    }
    const first = chunk.indexOf(NEWLINE);
    if (first < 0) {
      this.carry = Buffer.concat([this.carry, chunk]);
      return;
    }
    // Only the line that the carry starts is copied; the chunk's other
    // whole lines are checked where they are.
    this.checkLines(Buffer.concat([this.carry, chunk.subarray(0, first + 1)]));
    const end = chunk.lastIndexOf(NEWLINE) + 1;
    this.checkLines(chunk.subarray(first + 1, end));
    this.carry = chunk.subarray(end);
  }

  /** Checks the last line, which has no line end. */
  end(): void {
    if (!this.started && isUtf16Mark(this.carry))
      throw utf16Error(this.path, this.gzip);
    this.checkLines(this.carry);
    this.carry = Buffer.alloc(0);
  }

  private checkLines(part: Buffer): void {
    if (isUtf8(part) && !part.includes(0)) {
      if (this.linesBefore === undefined) this.lines += countNewlines(part);
      this.checkedBytes += part.length;
      return;
    }
    if (this.linesBefore !== undefined) {
      this.lines = this.linesBefore(this.checkedBytes);
    }
    // The whole part failed, so find its first bad line for the message.
    let start = 0;
    while (start < part.length) {
      const newline = part.indexOf(NEWLINE, start);
      const stop = newline < 0 ? part.length : newline;
      const line = part.subarray(start, stop);
      this.lines += 1;
      if (line.includes(0)) throw nulError(this.path, this.lines);
      if (!isUtf8(line)) throw invalidError(this.path, this.gzip, this.lines);
      start = stop + 1;
    }
  }
}

/** A file's SHA-256, and how a plain file breaks its lines. */
export interface FileScan {
  sha256: string;
  /** Null for a gzip file. */
  lineBreaks: LineBreaks | null;
}

/**
 * Returns the SHA-256 of a file's bytes. A plain file is checked to be
 * UTF-8 text in the same pass, and its line breaks are scanned; a gzip
 * file is checked while it is read (see `utf8Checker`).
 *
 * @throws EncodingError when a plain file is not UTF-8 text.
 */
export async function scanFile(path: string): Promise<FileScan> {
  const hash = createHash("sha256");
  const breaks = new LineBreakScan();
  const check = new Utf8Check(path, false, (bytes) =>
    countFileNewlines(path, bytes),
  );
  let gzip: boolean | null = null;
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK });
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    gzip ??= bytes[0] === 0x1f && bytes[1] === 0x8b;
    hash.update(bytes);
    if (!gzip) {
      check.push(bytes);
      breaks.push(bytes);
    }
  }
  if (!gzip) check.end();
  return {
    sha256: hash.digest("hex"),
    lineBreaks: gzip ? null : breaks.result(),
  };
}

/**
 * Returns a stream that passes bytes through unchanged and fails with an
 * EncodingError at the first line that is not UTF-8 text.
 */
export function utf8Checker(path: string): Transform {
  const check = new Utf8Check(path, true);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        check.push(chunk);
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        check.end();
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

function isUtf16Mark(data: Buffer): boolean {
  return (
    (data[0] === 0xff && data[1] === 0xfe) ||
    (data[0] === 0xfe && data[1] === 0xff)
  );
}

/** Bytes per read of `scanFile`; larger reads cut the calls per byte. */
const READ_CHUNK = 1 << 20;

/** Counts the newlines in the first `bytes` bytes of a file. */
function countFileNewlines(path: string, bytes: number): number {
  const handle = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(Math.min(READ_CHUNK, Math.max(bytes, 1)));
    let count = 0;
    for (let position = 0; position < bytes; ) {
      const wanted = Math.min(buffer.length, bytes - position);
      const read = readSync(handle, buffer, 0, wanted, position);
      if (read === 0) break;
      count += countNewlines(buffer.subarray(0, read));
      position += read;
    }
    return count;
  } finally {
    closeSync(handle);
  }
}

function countNewlines(data: Buffer): number {
  let count = 0;
  for (let i = data.indexOf(NEWLINE); i >= 0; i = data.indexOf(NEWLINE, i + 1))
    count++;
  return count;
}

/** Builds the advice to convert a file from `encoding`, with a command. */
function convertHint(path: string, gzip: boolean, encoding: string): string {
  const iconv = `iconv -f ${encoding} -t UTF-8`;
  const command = gzip
    ? `gunzip -c ${path} | ${iconv} > orders-utf8.csv`
    : `${iconv} ${path} > orders-utf8.csv`;
  return `valuecast reads UTF-8 only, so convert the file first, for example with ${command}`;
}

function utf16Error(path: string, gzip: boolean): EncodingError {
  return new EncodingError(
    `${path} is UTF-16 text, not UTF-8: it starts with a UTF-16 byte ` +
      `order mark. ${convertHint(path, gzip, "UTF-16")}.`,
  );
}

function invalidError(
  path: string,
  gzip: boolean,
  line: number,
): EncodingError {
  return new EncodingError(
    `${path} is not UTF-8 text: line ${line} has bytes that are not ` +
      `valid UTF-8. ${convertHint(path, gzip, "WINDOWS-1252")} for an ` +
      "export in a Western European encoding such as Latin-1.",
  );
}

function nulError(path: string, line: number): EncodingError {
  return new EncodingError(
    `${path} is not UTF-8 text: line ${line} contains a NUL byte, as ` +
      "binary files and UTF-16 text do. Export the orders as UTF-8 CSV, or " +
      "remove the file from the order folder.",
  );
}
