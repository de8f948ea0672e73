import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isAfterCutoff, parseCutoff } from "#ingest/cutoff.ts";
import { DateOrderDetector } from "#ingest/date-order.ts";
import {
  AmbiguousDatesError,
  IngestSettingsError,
  MappingError,
} from "#ingest/errors.ts";
import { EmailPseudonymiser } from "#ingest/identity.ts";
import { loadMapping } from "#ingest/presets/mapping.ts";
import { DEVELOPMENT_HMAC_KEY, loadIngestSettings } from "#ingest/settings.ts";
import { useTempDirs } from "../../helpers/workdir.ts";

const tempDir = useTempDirs();
const KEY = "k".repeat(32);

describe("loadIngestSettings", () => {
  it("applies defaults and the key from the environment", () => {
    const settings = loadIngestSettings({}, { VALUECAST_ID_HMAC_KEY: KEY });

    expect(settings).toEqual({
      dateFormat: null,
      mapping: null,
      cutoff: null,
      amountCap: null,
      extremeFactor: 10,
      extremeMinOrders: 4,
      conversionRates: null,
      delimiter: null,
      quote: null,
      decimalSeparator: null,
      hmacKey: KEY,
      developmentKey: false,
    });
  });

  it("uses the development key outside production", () => {
    const settings = loadIngestSettings({}, {});

    expect(settings.hmacKey).toBe(DEVELOPMENT_HMAC_KEY);
    expect(settings.developmentKey).toBe(true);
  });

  it.each([
    [{}, { NODE_ENV: "production" }],
    [{ production: true }, {}],
  ])("rejects production without a key (%o)", (input, env) => {
    expect(() => loadIngestSettings(input, env)).toThrow(
      new IngestSettingsError(
        "VALUECAST_ID_HMAC_KEY is not set: production ingestion needs a " +
          "secret key of at least 32 characters to pseudonymise e-mail " +
          "customer ids.",
      ),
    );
  });

  it.each([
    [{ colour: "red" }, "Invalid setting colour"],
    [{ amountCap: -1 }, "Invalid setting amountCap = -1"],
    [{ dateFormat: "ymd" }, 'Invalid setting dateFormat = "ymd"'],
    [{ cutoff: "yesterday" }, 'Invalid setting cutoff = "yesterday"'],
    [{ delimiter: "ab" }, 'Invalid setting delimiter = "ab"'],
    [
      { decimalSeparator: ";" },
      'Invalid setting decimalSeparator = ";": ";" is not a decimal ' +
        'separator: use "." for amounts such as 12.50, or "," for amounts ' +
        "such as 12,50.",
    ],
  ])("names the bad setting in %o", (input, message) => {
    const load = () =>
      loadIngestSettings(input as never, { VALUECAST_ID_HMAC_KEY: KEY });

    expect(load).toThrow(IngestSettingsError);
    expect(load).toThrow(message);
  });

  it("names a bad entry of the conversion table", async () => {
    const path = join(await tempDir(), "rates.json");
    await writeFile(path, JSON.stringify({ EUR: 1.1, yen: 0.01 }));

    const load = () =>
      loadIngestSettings(
        { conversionRates: path },
        { VALUECAST_ID_HMAC_KEY: KEY },
      );

    expect(load).toThrow(`Conversion table ${path}: invalid entry yen`);
  });
});

describe("loadMapping", () => {
  it.each([
    [
      {
        columns: {
          order_id: "a",
          customer_id: "b",
          order_ts: "c",
          amount: "d",
          colour: "e",
        },
      },
      "Mapping file m.json: invalid at columns",
      "colour",
    ],
    [
      { columns: { order_id: "a", customer_id: "b", order_ts: "c" } },
      "Mapping file m.json: invalid at columns.amount",
      "amount",
    ],
    [
      {
        columns: {
          order_id: "a",
          customer_id: "b",
          order_ts: "c",
          amount: "d",
        },
        zone: "UTC",
      },
      "Mapping file m.json: invalid at the top level",
      "zone",
    ],
  ])("rejects %o", async (json, message, key) => {
    const path = join(await tempDir(), "m.json");
    await writeFile(path, JSON.stringify(json));

    const result = loadMapping(path);

    await expect(result).rejects.toThrow(MappingError);
    await expect(result).rejects.toThrow(message);
    await expect(result).rejects.toThrow(key);
  });

  it("names an unknown decimal separator and the fix", async () => {
    const path = join(await tempDir(), "m.json");
    const columns = { order_id: "a", customer_id: "b", order_ts: "c" };
    await writeFile(
      path,
      JSON.stringify({
        columns: { ...columns, amount: "d" },
        decimalSeparator: "comma",
      }),
    );

    const result = loadMapping(path);

    await expect(result).rejects.toThrow(MappingError);
    await expect(result).rejects.toThrow(
      'Mapping file m.json: invalid at decimalSeparator: "comma" is not a ' +
        'decimal separator: use "." for amounts such as 12.50, or "," for ' +
        "amounts such as 12,50.",
    );
  });

  it("reads a declared decimal comma", async () => {
    const path = join(await tempDir(), "m.json");
    const columns = { order_id: "a", customer_id: "b", order_ts: "c" };
    await writeFile(
      path,
      JSON.stringify({
        columns: { ...columns, amount: "d" },
        delimiter: ";",
        decimalSeparator: ",",
      }),
    );

    const mapping = await loadMapping(path);

    expect(mapping.dialect).toEqual({
      delimiter: ";",
      quote: undefined,
      decimalSeparator: ",",
    });
  });

  it("names the mapping file for an invalid time zone", async () => {
    const path = join(await tempDir(), "m.json");
    const columns = { order_id: "a", customer_id: "b", order_ts: "c" };
    await writeFile(
      path,
      JSON.stringify({
        columns: { ...columns, amount: "d" },
        timeZone: "Nowhere/Zone",
      }),
    );

    const result = loadMapping(path);

    await expect(result).rejects.toThrow(MappingError);
    await expect(result).rejects.toThrow(
      "Mapping file m.json: invalid at timeZone: must be an IANA time " +
        "zone such as Europe/Berlin.",
    );
  });

  it("reports a missing mapping file as not found", async () => {
    const path = join(await tempDir(), "absent.json");

    const result = loadMapping(path);

    await expect(result).rejects.toThrow(MappingError);
    await expect(result).rejects.toThrow(
      `Mapping file ${path} not found: check the path given to --mapping.`,
    );
  });

  it("names a mapped column missing from the file", async () => {
    const path = join(await tempDir(), "m.json");
    await writeFile(
      path,
      JSON.stringify({
        columns: {
          order_id: "Nr",
          customer_id: "Kunde",
          order_ts: "Datum",
          amount: "Summe",
        },
      }),
    );
    const { preset } = await loadMapping(path);

    const map = () => preset.createMapper("x.csv")(1, ["Nr", "Kunde", "Datum"]);

    expect(map).toThrow("x.csv: the header lacks the column(s) Summe;");
  });
});

describe("EmailPseudonymiser", () => {
  it("replaces addresses alike whatever their case", () => {
    const warnings: string[] = [];
    const pseudonymiser = new EmailPseudonymiser(KEY, () =>
      warnings.push("dev key"),
    );

    const first = pseudonymiser.customerId("Ann@Shop.test");
    const second = pseudonymiser.customerId("ANN@shop.test");

    expect(first).toMatch(/^em_[0-9a-f]{32}$/);
    expect(second).toBe(first);
    expect(pseudonymiser.customerId("c-17")).toBe("c-17");
    expect(pseudonymiser.redact(`o1,ann@shop.test,10`)).toBe(`o1,${first},10`);
    expect(warnings).toEqual(["dev key"]);
  });
});

describe("DateOrderDetector", () => {
  it.each([
    [["13/1/2024", "1/2/2024"], "dmy"],
    [["1/13/2024", "1/2/2024"], "mdy"],
    [["2024-01-02", "5/5/2024"], "iso"],
  ])("decides %o as %s", (dates, expected) => {
    const detector = new DateOrderDetector();
    for (const [i, text] of dates.entries()) detector.observe(i + 2, text);

    expect(detector.decide("f.csv")).toBe(expected);
  });

  it("rejects rows that disagree", () => {
    const detector = new DateOrderDetector();
    detector.observe(2, "13/1/2024");
    detector.observe(3, "1/13/2024");

    expect(() => detector.decide("f.csv")).toThrow(AmbiguousDatesError);
    expect(() => detector.decide("f.csv")).toThrow(
      'f.csv: line 2 has the day first ("13/1/2024") but line 3 has the month first ("1/13/2024").',
    );
  });
});

describe("cutoff", () => {
  it.each([
    ["2024-03-31 23:59:59", false],
    ["2024-04-01 00:00:00", true],
    ["2024-03-31 22:30:00+00:00", false],
    ["2024-03-31 23:30:00+00:00", true],
  ])("places %s after it: %s", (orderTs, after) => {
    const cutoff = parseCutoff("2024-03-31", "Europe/London");

    expect(isAfterCutoff(orderTs, cutoff)).toBe(after);
  });
});
