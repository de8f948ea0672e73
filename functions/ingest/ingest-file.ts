import { createWriteStream } from "node:fs";
import { basename } from "node:path";
import type { Writable } from "node:stream";
import type { StepProgress } from "#shared/progress.ts";
import type { OrderText } from "./canonical.ts";
import type { EmailPseudonymiser } from "./identity.ts";
import { type FinishOptions, LakeFileWriter } from "./lake-writer.ts";
import type { FileReport } from "./manifest.ts";
import { invalidNumberDetail, parseNumber } from "./numbers.ts";
import type {
  CsvDialect,
  MappedRecord,
  Preset,
  RecordMapper,
} from "./presets/types.ts";
import type { QuarantineReason, QuarantineRow } from "./reasons.ts";
import type { SourceRecord } from "./records.ts";
import { type ValidationRules, validateOrder } from "./validate.ts";

/** Rules and helpers for ingesting one file. */
export interface FileIngestOptions {
  preset: Preset;
  rules: ValidationRules;
  dialect: CsvDialect;
  timeZone: string;
  amountCap: number | null;
  pseudonymiser: EmailPseudonymiser;
  progress?: StepProgress;
}

/** Absolute paths of one file's outputs and its place in the lake. */
export interface FileTarget {
  seq: number;
  sha256: string;
  lakePath: string;
  quarantinePath: string;
  lakeFile: string;
  quarantineFile: string;
  /** Folder where DuckDB spills what does not fit in its memory. */
  tempDir: string;
}

const PROGRESS_EVERY_ROWS = 50_000;

/** The first line of an order in a line-item file, to check later lines. */
export interface OrderHead {
  customerId: string;
  orderTs: string;
  line: number;
}

/**
 * Validates and stages the records of one file, one at a time, and writes
 * each record it cannot use to the quarantine. Both engines feed it: the
 * row engine every record, the SQL engine the records SQL did not stage.
 */
export class RowIngester {
  read = 0;
  staged = 0;
  readonly quarantined: Partial<Record<QuarantineReason, number>> = {};
  private readonly mapRecord: RecordMapper;
  private readonly heads = new Map<string, OrderHead>();
  private readonly stageRow: (
    mapped: MappedRecord,
    line: number,
  ) => Rejection | null;

  constructor(
    private readonly file: string,
    writer: LakeFileWriter,
    private readonly quarantine: Writable,
    private readonly options: FileIngestOptions,
  ) {
    this.mapRecord = options.preset.createMapper(file, options.dialect);
    this.stageRow = createStager(writer, options, this.heads);
  }

  /**
   * Records the first line of an order that SQL staged, so that the later
   * lines pushed here are checked against it as if it had been pushed.
   */
  seedHead(orderId: string, head: OrderHead): void {
    this.heads.set(orderId, head);
  }

  /** Counts, maps, validates and stages or quarantines one record. */
  push(record: SourceRecord): void {
    const { line, raw } = record;
    if ("error" in record) {
      this.read += 1;
      this.quarantineRow(line, "unparseable_row", record.error, raw);
      return;
    }
    const mapped = this.mapRecord(line, record.fields);
    if (mapped.kind === "header") return;
    this.read += 1;
    if (this.read % PROGRESS_EVERY_ROWS === 0) {
      this.options.progress?.update(this.read, this.read, this.file);
    }
    const outcome = this.stageRow(mapped, line);
    if (outcome === null) this.staged += 1;
    else this.quarantineRow(line, outcome.reason, outcome.detail, raw);
  }

  private quarantineRow(
    line: number,
    reason: QuarantineReason,
    detail: string,
    raw: string,
  ): void {
    const redact = (text: string) => this.options.pseudonymiser.redact(text);
    this.quarantined[reason] = (this.quarantined[reason] ?? 0) + 1;
    const row: QuarantineRow = {
      file: this.file,
      line,
      reason,
      detail: redact(detail),
      raw: redact(raw),
    };
    this.quarantine.write(`${JSON.stringify(row)}\n`);
  }
}

/**
 * Reads one source file row by row, writes its orders to the lake as
 * Parquet and every other data row to the quarantine as JSON Lines with
 * its reason. Line items of one order id are summed into one order; a
 * repeated order id of a one-row-per-order file keeps the later row.
 */
export async function ingestFileRows(
  path: string,
  target: FileTarget,
  options: FileIngestOptions,
): Promise<FileReport> {
  const writer = await LakeFileWriter.open(options.timeZone, target.tempDir);
  const quarantine = createWriteStream(target.quarantinePath);
  const rows = new RowIngester(basename(path), writer, quarantine, options);
  try {
    for await (const record of options.preset.read(path, options.dialect)) {
      rows.push(record);
    }
  } catch (error) {
    writer.close();
    quarantine.destroy();
    throw error;
  }
  return finishFile(path, target, options, writer, quarantine, rows, "rows");
}

/**
 * Closes the quarantine, writes the lake file and builds the report.
 * `elsewhere` names rows the SQL engine kept out of `staged` (see
 * `FinishOptions`).
 */
export async function finishFile(
  path: string,
  target: FileTarget,
  options: FileIngestOptions,
  writer: LakeFileWriter,
  quarantine: Writable,
  rows: {
    read: number;
    staged: number;
    quarantined: RowIngester["quarantined"];
  },
  engine: FileReport["engine"],
  elsewhere: Pick<FinishOptions, "stagedElsewhere" | "written"> = {},
): Promise<FileReport> {
  await new Promise<void>((resolve, reject) =>
    quarantine.end((error?: Error | null) =>
      error ? reject(error) : resolve(),
    ),
  );
  const file = basename(path);
  const written = await writer.finish({
    path: target.lakePath,
    sourceFile: file,
    fileSeq: target.seq,
    mode: options.preset.lineItems ? "sum-lines" : "latest-row",
    amountCap: options.amountCap,
    ...elsewhere,
  });
  return {
    file,
    sha256: target.sha256,
    seq: target.seq,
    lakeFile: target.lakeFile,
    quarantineFile: target.quarantineFile,
    rowsRead: rows.read,
    rowsIngested: rows.staged,
    ordersIngested: written.orders,
    duplicatesMerged: rows.staged - written.orders,
    rowsQuarantined: rows.read - rows.staged,
    quarantinedByReason: rows.quarantined,
    flagged: {
      zero_value: written.zeroValue,
      above_cap: written.aboveCap,
      converted: written.converted,
    },
    refunds: written.refunds,
    dateFormat: options.rules.dateFormat,
    engine,
  };
}

type Rejection = { reason: QuarantineReason; detail: string };

/**
 * Returns a function that validates one mapped row and stages it, or
 * returns why it cannot be staged. It remembers each order's first line,
 * so the later lines of an order must agree with it.
 */
function createStager(
  writer: LakeFileWriter,
  options: FileIngestOptions,
  heads: Map<string, OrderHead>,
) {
  const { pseudonymiser } = options;
  const separator = options.dialect.decimalSeparator ?? ".";
  return (mapped: MappedRecord, line: number): Rejection | null => {
    if (mapped.kind === "malformed") {
      return { reason: "wrong_column_count", detail: mapped.detail };
    }
    if (mapped.kind === "rejected") return mapped;
    if (mapped.kind === "header") return null;
    if (mapped.kind === "line" && mapped.continuation) {
      return stageContinuation(mapped.text, line);
    }
    const result = validateOrder(mapped.text, options.rules, separator);
    if (!result.ok) return result;
    const order = result.order;
    order.customerId = pseudonymiser.customerId(order.customerId);
    order.orderId = pseudonymiser.redact(order.orderId);
    order.status = order.status && pseudonymiser.redact(order.status);
    order.category = order.category && pseudonymiser.redact(order.category);
    order.channel = order.channel && pseudonymiser.redact(order.channel);
    order.refundOf = order.refundOf && pseudonymiser.redact(order.refundOf);
    if (mapped.kind === "line") {
      const head = heads.get(order.orderId);
      if (head === undefined) {
        const { customerId, orderTs } = order;
        heads.set(order.orderId, { customerId, orderTs, line });
      } else if (
        head.customerId !== order.customerId ||
        head.orderTs !== order.orderTs
      ) {
        return {
          reason: "inconsistent_line",
          detail:
            `order ${order.orderId} has another customer or time on ` +
            `line ${head.line}`,
        };
      }
    }
    writer.append(order, line);
    return null;
  };

  function stageContinuation(text: OrderText, line: number): Rejection | null {
    const orderId = pseudonymiser.redact(text.order_id?.trim() ?? "");
    if (orderId === "") {
      return { reason: "missing_order_id", detail: "order_id is empty" };
    }
    if (!heads.has(orderId)) {
      return {
        reason: "orphan_line",
        detail: `no earlier row of order ${orderId} in this file has the order's fields`,
      };
    }
    const quantityText = text.quantity?.trim() ?? "";
    const quantity =
      quantityText === "" ? null : parseNumber(quantityText, separator);
    if (quantityText !== "" && (quantity === null || quantity < 0)) {
      return {
        reason: "invalid_quantity",
        detail: invalidNumberDetail(
          "quantity",
          quantityText,
          separator,
          " of at least 0",
        ),
      };
    }
    writer.appendContinuation(orderId, quantity, line);
    return null;
  }
}
