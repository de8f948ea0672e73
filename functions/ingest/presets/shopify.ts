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
  | "name"
  | "email"
  | "financialStatus"
  | "createdAt"
  | "cancelledAt"
  | "currency"
  | "total"
  | "refunded"
  | "quantity"
  | "source";

const COLUMNS: Record<Column, ColumnSpec> = {
  name: { name: "Name", required: true },
  email: { name: "Email", required: true },
  financialStatus: { name: "Financial Status", required: false },
  createdAt: { name: "Created at", required: true },
  cancelledAt: { name: "Cancelled at", required: false },
  currency: { name: "Currency", required: false },
  total: { name: "Total", required: true },
  refunded: { name: "Refunded Amount", required: false },
  quantity: { name: "Lineitem quantity", required: false },
  source: { name: "Source", required: false },
};

/**
 * Shopify's order export: one row per line item, with the order's own
 * fields filled on its first row only. The order's value is `Total` less
 * `Refunded Amount`, at least 0; an order with `Cancelled at` has the
 * status cancelled; `Email` is the customer id and `Source` the channel.
 * Later rows of an order add their `Lineitem quantity`.
 */
export const shopifyPreset: Preset = {
  name: "shopify",
  summary:
    "Shopify order export CSV (one row per line item; Name, Email, " +
    "Created at, Total, ...)",
  dateFormat: "iso",
  lineItems: true,
  read: readCsvRecords,
  createMapper(file: string, dialect: CsvDialect = {}): RecordMapper {
    const ordersSeen = new Map<string, number>();
    const separator = dialect.decimalSeparator ?? ".";
    return namedColumnsMapper(
      file,
      COLUMNS,
      "Export the orders from Shopify's admin (Orders, Export, CSV for " +
        "Excel, Numbers, or other spreadsheet programs).",
      (get, line) => mapRow(get, line, ordersSeen, separator),
    );
  },
};

function mapRow(
  get: (column: Column) => string,
  line: number,
  ordersSeen: Map<string, number>,
  separator: DecimalSeparator,
): MappedRecord {
  const name = get("name").trim();
  const quantity = get("quantity");
  if (get("createdAt").trim() === "") {
    return {
      kind: "line",
      continuation: true,
      text: { order_id: name, quantity },
    };
  }
  const firstLine = ordersSeen.get(name);
  if (firstLine !== undefined) {
    return {
      kind: "rejected",
      reason: "inconsistent_line",
      detail: `order ${name} already has its order row on line ${firstLine}`,
    };
  }
  if (name !== "") ordersSeen.set(name, line);
  const amount = netAmount(
    get("total").trim(),
    get("refunded").trim(),
    separator,
  );
  if (typeof amount === "object") return amount;
  const cancelled = get("cancelledAt").trim() !== "";
  return {
    kind: "line",
    text: {
      order_id: name,
      customer_id: get("email"),
      order_ts: get("createdAt"),
      amount,
      currency: get("currency"),
      status: cancelled ? "cancelled" : get("financialStatus"),
      quantity,
      channel: get("source"),
    },
  };
}

/** Total less refunds, at least 0, as text; the total as given when invalid. */
function netAmount(
  total: string,
  refunded: string,
  separator: DecimalSeparator,
): string | MappedRecord {
  const totalValue = parseNumber(total, separator);
  if (totalValue === null || refunded === "") return total;
  const refundedValue = parseNumber(refunded, separator);
  if (refundedValue === null || refundedValue < 0) {
    return {
      kind: "rejected",
      reason: "invalid_amount",
      detail: invalidNumberDetail(
        "Refunded Amount",
        refunded,
        separator,
        " of at least 0",
      ),
    };
  }
  return formatNumber(Math.max(0, totalValue - refundedValue), separator);
}
