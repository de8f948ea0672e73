import {
  type DecimalSeparator,
  formatNumber,
  invalidNumberDetail,
  parseNumber,
} from "../numbers.ts";
import { readCsvRecords } from "../records.ts";
import { type ColumnSpec, namedColumnsMapper } from "./columns.ts";
import type {
  CsvDialect,
  MappedRecord,
  Preset,
  RecordMapper,
} from "./types.ts";

type Column =
  | "invoice"
  | "stockCode"
  | "quantity"
  | "date"
  | "unitPrice"
  | "customer";

const COLUMNS: Record<Column, ColumnSpec> = {
  invoice: { name: "InvoiceNo", required: true },
  stockCode: { name: "StockCode", required: false },
  quantity: { name: "Quantity", required: true },
  date: { name: "InvoiceDate", required: true },
  unitPrice: { name: "UnitPrice", required: true },
  customer: { name: "CustomerID", required: true },
};

/** Invoice numbers of cancellations start with C. */
const CANCELLATION = /^[cC]/;

/**
 * One row per invoice line (`InvoiceNo, StockCode, Description, Quantity,
 * InvoiceDate, UnitPrice, CustomerID, Country`). An invoice becomes one
 * order whose value is the sum of quantity times unit price over its lines.
 * An invoice numbered `C…` is a cancellation with negative quantities: it
 * becomes a refund (a negative amount) of the invoice with the same number
 * without the C. The lake reader keeps it on its own day and caps it at
 * that order's amount when the lake has the order.
 * Description and Country are not read.
 */
export const invoiceLinesPreset: Preset = {
  name: "invoice-lines",
  summary:
    "one row per invoice line (InvoiceNo, StockCode, Quantity, " +
    "InvoiceDate, UnitPrice, CustomerID, ...); C invoices are refunds",
  dateFormat: "auto",
  lineItems: true,
  read: readCsvRecords,
  createMapper(file: string, dialect: CsvDialect = {}): RecordMapper {
    const separator = dialect.decimalSeparator ?? ".";
    return namedColumnsMapper(
      file,
      COLUMNS,
      "The invoice-lines format needs InvoiceNo, Quantity, InvoiceDate, " +
        "UnitPrice and CustomerID.",
      (get) => mapLine(get, separator),
    );
  },
};

function mapLine(
  get: (column: Column) => string,
  separator: DecimalSeparator,
): MappedRecord {
  const invoice = get("invoice").trim();
  const quantityText = get("quantity").trim();
  const priceText = get("unitPrice").trim();
  const quantity = parseNumber(quantityText, separator);
  const price = parseNumber(priceText, separator);
  const cancellation = CANCELLATION.test(invoice);
  if (quantity === null) {
    return rejected(
      "invalid_quantity",
      invalidNumberDetail("Quantity", quantityText, separator),
    );
  }
  if (cancellation ? quantity > 0 : quantity < 0) {
    return rejected(
      "invalid_quantity",
      cancellation
        ? `Quantity ${quantityText} is above 0 on cancellation ${invoice}`
        : `Quantity ${quantityText} is below 0 outside a C invoice`,
    );
  }
  if (price === null || price < 0) {
    return rejected(
      "invalid_amount",
      invalidNumberDetail("UnitPrice", priceText, separator, " of at least 0"),
    );
  }
  return {
    kind: "line",
    text: {
      order_id: invoice,
      customer_id: get("customer"),
      order_ts: get("date"),
      amount: formatNumber(quantity * price, separator),
      quantity: formatNumber(Math.abs(quantity), separator),
      refund_of: cancellation ? invoice.slice(1) : "",
    },
  };
}

function rejected(
  reason: "invalid_quantity" | "invalid_amount",
  detail: string,
): MappedRecord {
  return { kind: "rejected", reason, detail };
}
