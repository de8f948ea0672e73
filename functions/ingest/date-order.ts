import { basename } from "node:path";
import { AmbiguousDatesError } from "./errors.ts";
import type { CsvDialect, Preset } from "./presets/types.ts";
import { type DateFormat, SLASH_TIMESTAMP } from "./timestamps.ts";

/** A line and the date text on it that shows the file's date order. */
interface Example {
  line: number;
  text: string;
}

/**
 * Decides whether a file writes dates day-first or month-first from the
 * dates themselves: a first part above 12 proves day-first, a second part
 * above 12 proves month-first. Feed it every order time of the file, in
 * any order, then call `decide`; it keeps the first line of each kind.
 */
export class DateOrderDetector {
  private dayFirst: Example | null = null;
  private monthFirst: Example | null = null;
  private ambiguous: Example | null = null;

  observe(line: number, text: string): void {
    const match = SLASH_TIMESTAMP.exec(text.trim());
    if (!match) return;
    const first = Number(match[1]);
    const second = Number(match[3]);
    const example = { line, text };
    if (first > 12 && second <= 12) {
      this.dayFirst = earlier(this.dayFirst, example);
    } else if (second > 12 && first <= 12) {
      this.monthFirst = earlier(this.monthFirst, example);
    } else if (first !== second) {
      this.ambiguous = earlier(this.ambiguous, example);
    }
  }

  /**
   * Returns the format for the file: `iso` when it has no day-first or
   * month-first dates, else `dmy` or `mdy`.
   *
   * @throws AmbiguousDatesError when the dates fit both orders, or when
   *   some rows prove one order and others the other.
   */
  decide(file: string): "iso" | "dmy" | "mdy" {
    const declare =
      "Declare the date format with --date-format dmy or mdy, or " +
      '"dateFormat" in the mapping file.';
    if (this.dayFirst && this.monthFirst) {
      throw new AmbiguousDatesError(
        `${file}: line ${this.dayFirst.line} has the day first ` +
          `("${this.dayFirst.text}") but line ${this.monthFirst.line} has ` +
          `the month first ("${this.monthFirst.text}"). ${declare}`,
      );
    }
    if (this.dayFirst) return "dmy";
    if (this.monthFirst) return "mdy";
    if (this.ambiguous) {
      throw new AmbiguousDatesError(
        `${file}: the dates can be read day-first or month-first, for ` +
          `example "${this.ambiguous.text}" on line ${this.ambiguous.line}. ` +
          declare,
      );
    }
    return "iso";
  }
}

function earlier(known: Example | null, example: Example): Example {
  return known !== null && known.line <= example.line ? known : example;
}

/**
 * Returns the date format to read a file with: `format` itself unless it
 * is `auto`, in which case every order time of the file is read first.
 *
 * @throws AmbiguousDatesError as `DateOrderDetector.decide` does.
 */
export async function resolveDateFormat(
  path: string,
  preset: Preset,
  dialect: CsvDialect,
  format: DateFormat,
): Promise<DateFormat> {
  if (format !== "auto") return format;
  const detector = new DateOrderDetector();
  const file = basename(path);
  const mapRecord = preset.createMapper(file, dialect);
  for await (const record of preset.read(path, dialect)) {
    if ("error" in record) continue;
    const mapped = mapRecord(record.line, record.fields);
    if (mapped.kind === "order" || mapped.kind === "line") {
      detector.observe(record.line, mapped.text.order_ts ?? "");
    }
  }
  return detector.decide(file);
}
