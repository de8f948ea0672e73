import { basename } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { DateOrderDetector } from "./date-order.ts";
import { forEachRow, quote } from "./lake-writer.ts";
import type { Preset } from "./presets/types.ts";
import { parseCsvLine } from "./records.ts";
import { SLASH_PARTS } from "./sql-rules.ts";

/** The file's lines in the table `extracted`, before classification. */
export interface ExtractedLines {
  path: string;
  preset: Preset;
  delimiter: string;
  header: { line: number; fields: string[] };
  /** SQL of the captured order time of a matched line. */
  time: string;
  /**
   * SQL that is true for a matched line the preset's mapper turns into an
   * order or a line item (the invoice-lines mapper rejects some first).
   */
  mapped: string;
}

/**
 * Decides whether a file writes dates day-first or month-first, as
 * `resolveDateFormat` does, without a pass in JavaScript over every line:
 * SQL classifies the order times of the lines the line pattern matched,
 * and the preset's mapper reads the other lines. The detector keeps the
 * first line of each kind, so its example lines are the row engine's. A
 * given `detector` may have seen other lines of the file already.
 *
 * @throws AmbiguousDatesError as `DateOrderDetector.decide` does.
 */
export async function detectDateOrderSql(
  db: DuckDBConnection,
  lines: ExtractedLines,
  detector = new DateOrderDetector(),
): Promise<"iso" | "dmy" | "mdy"> {
  const second = "coalesce(nullif(s.b, ''), nullif(s.c, ''), s.d)";
  await forEachRow(
    db,
    `SELECT min(line), arg_min(time, line) FROM (
      SELECT line, time, CAST(s.a AS INTEGER) AS first,
        CAST(${second} AS INTEGER) AS second
      FROM (SELECT line, ${lines.time} AS time,
          regexp_extract(${lines.time}, ${quote(SLASH_PARTS)},
            ['a', 'b', 'c', 'd']) AS s
        FROM extracted WHERE matched AND ${lines.mapped})
      WHERE s.a <> '')
    GROUP BY CASE WHEN first > 12 AND second <= 12 THEN 1
      WHEN second > 12 AND first <= 12 THEN 2
      WHEN first <> second THEN 3 END`,
    ([line, time]) => detector.observe(Number(line), time as string),
  );
  const file = basename(lines.path);
  const mapRecord = lines.preset.createMapper(file);
  mapRecord(lines.header.line, lines.header.fields);
  await forEachRow(
    db,
    "SELECT line, text FROM extracted WHERE NOT matched ORDER BY line",
    ([line, text]) => {
      if ((text as string).trim() === "") return;
      const record = parseCsvLine(
        Number(line),
        text as string,
        lines.delimiter,
        '"',
      );
      if ("error" in record) return;
      const mapped = mapRecord(record.line, record.fields);
      if (mapped.kind === "order" || mapped.kind === "line") {
        detector.observe(record.line, mapped.text.order_ts ?? "");
      }
    },
  );
  return detector.decide(file);
}
