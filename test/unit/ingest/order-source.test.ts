import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadOrderSource,
  type OrderSourceInput,
} from "#ingest/order-source.ts";
import { ConfigError } from "#shared/errors.ts";
import { useTempDirs } from "../../helpers/workdir.ts";

const tempDir = useTempDirs();
const ENV = { VALUECAST_ID_HMAC_KEY: "k".repeat(32) };
const COLUMNS = {
  order_id: "Nr",
  customer_id: "Kunde",
  order_ts: "Datum",
  amount: "Betrag",
};

/** Writes a mapping file with the columns above and `settings`. */
async function writeMapping(settings: object): Promise<string> {
  const path = join(await tempDir(), "shop.json");
  await writeFile(path, JSON.stringify({ columns: COLUMNS, ...settings }));
  return path;
}

/** A mapping file that sets every setting an option can also set. */
const FULL_MAPPING = {
  dateFormat: "dmy",
  timeZone: "Europe/Berlin",
  currency: "EUR",
  delimiter: ";",
  decimalSeparator: ",",
};

describe("loadOrderSource", () => {
  it("applies the defaults to a preset", async () => {
    const source = await loadOrderSource({ format: "canonical" }, ENV);

    expect(source.format).toBe("canonical");
    expect(source.preset.name).toBe("canonical");
    expect(source.timeZone).toBe("UTC");
    expect(source.currency).toBeNull();
    expect(source.settings.delimiter).toBeNull();
    expect(source.settings.decimalSeparator).toBeNull();
  });

  it("applies the options to a preset", async () => {
    const source = await loadOrderSource(
      {
        format: "canonical",
        timeZone: "Europe/Paris",
        currency: "chf",
        delimiter: "tab",
        decimalSeparator: ",",
        dateFormat: "dmy",
      },
      ENV,
    );

    expect(source.timeZone).toBe("Europe/Paris");
    expect(source.currency).toBe("CHF");
    expect(source.settings.delimiter).toBe("\t");
    expect(source.settings.decimalSeparator).toBe(",");
    expect(source.settings.dateFormat).toBe("dmy");
  });

  it("applies the settings of a mapping file", async () => {
    const mapping = await writeMapping({ ...FULL_MAPPING, quote: "'" });

    const source = await loadOrderSource({ mapping }, ENV);

    expect(source.format).toBe("mapping");
    expect(source.preset.dateFormat).toBe("dmy");
    expect(source.timeZone).toBe("Europe/Berlin");
    expect(source.currency).toBe("EUR");
    expect(source.settings.delimiter).toBe(";");
    expect(source.settings.quote).toBe("'");
    expect(source.settings.decimalSeparator).toBe(",");
  });

  it("applies options that the mapping file leaves out", async () => {
    const mapping = await writeMapping({});

    const source = await loadOrderSource(
      {
        mapping,
        timeZone: "Europe/Paris",
        currency: "usd",
        delimiter: "|",
        decimalSeparator: ",",
        dateFormat: "mdy",
      },
      ENV,
    );

    expect(source.timeZone).toBe("Europe/Paris");
    expect(source.currency).toBe("USD");
    expect(source.settings.delimiter).toBe("|");
    expect(source.settings.decimalSeparator).toBe(",");
    expect(source.settings.dateFormat).toBe("mdy");
    expect(source.preset.dateFormat).toBe("auto");
  });

  it("accepts options equal to the mapping file's", async () => {
    const mapping = await writeMapping({ ...FULL_MAPPING, delimiter: "\t" });

    const source = await loadOrderSource(
      {
        mapping,
        dateFormat: "dmy",
        timeZone: "europe/berlin",
        currency: "eur",
        delimiter: "tab",
        decimalSeparator: ",",
      },
      ENV,
    );

    expect(source.timeZone).toBe("Europe/Berlin");
    expect(source.currency).toBe("EUR");
    expect(source.settings.delimiter).toBe("\t");
    expect(source.settings.decimalSeparator).toBe(",");
    expect(source.settings.dateFormat).toBe("dmy");
  });

  it.each<[OrderSourceInput, string]>([
    [{ dateFormat: "mdy" }, '--date-format "mdy" against "dateFormat": "dmy"'],
    [
      { timeZone: "UTC" },
      '--time-zone "UTC" against "timeZone": "Europe/Berlin"',
    ],
    [{ currency: "usd" }, '--currency "usd" against "currency": "EUR"'],
    [{ delimiter: "," }, '--delimiter "," against "delimiter": ";"'],
    [
      { decimalSeparator: "." },
      '--decimal-separator "." against "decimalSeparator": ","',
    ],
  ])(
    "rejects an option that differs from the mapping file (%o)",
    async (options, pair) => {
      const mapping = await writeMapping(FULL_MAPPING);
      const option = pair.split(" ")[0];

      const load = loadOrderSource({ mapping, ...options }, ENV);

      await expect(load).rejects.toBeInstanceOf(ConfigError);
      await expect(load).rejects.toThrow(
        `The options and the mapping file shop.json give different values: ` +
          `${pair}. Remove ${option} to use the file's values, or give the ` +
          "same value in both places.",
      );
    },
  );

  it("lists every option that differs from the mapping file", async () => {
    const mapping = await writeMapping(FULL_MAPPING);

    const load = loadOrderSource(
      { mapping, timeZone: "UTC", currency: "EUR", decimalSeparator: "." },
      ENV,
    );

    await expect(load).rejects.toThrow(
      'give different values: --time-zone "UTC" against "timeZone": ' +
        '"Europe/Berlin", --decimal-separator "." against ' +
        '"decimalSeparator": ",". Remove --time-zone and ' +
        "--decimal-separator to use",
    );
  });

  it("rejects a date format against the file's auto", async () => {
    const mapping = await writeMapping({ dateFormat: "auto" });

    const load = loadOrderSource({ mapping, dateFormat: "dmy" }, ENV);

    await expect(load).rejects.toThrow(
      '--date-format "dmy" against "dateFormat": "auto"',
    );
  });

  it.each([
    ["with a preset", null],
    ["with a mapping file that sets a zone", FULL_MAPPING],
    ["with a mapping file that sets none", { dateFormat: "dmy" }],
  ])("validates --time-zone %s", async (_case, mappingSettings) => {
    const mapping =
      mappingSettings === null
        ? undefined
        : await writeMapping(mappingSettings);
    const format = mapping === undefined ? "canonical" : undefined;

    const load = loadOrderSource(
      { format, mapping, timeZone: "Mars/Base" },
      ENV,
    );

    await expect(load).rejects.toBeInstanceOf(ConfigError);
    await expect(load).rejects.toThrow(
      'Invalid --time-zone "Mars/Base": must be an IANA time zone such as ' +
        "Europe/Berlin.",
    );
  });

  it("validates --currency with a mapping file", async () => {
    const mapping = await writeMapping(FULL_MAPPING);

    const load = loadOrderSource({ mapping, currency: "euro" }, ENV);

    await expect(load).rejects.toThrow(
      'Invalid --currency "euro": must be an ISO 4217 code such as USD.',
    );
  });

  it("validates --decimal-separator with a mapping file", async () => {
    const mapping = await writeMapping(FULL_MAPPING);

    const load = loadOrderSource({ mapping, decimalSeparator: ";" }, ENV);

    await expect(load).rejects.toThrow(
      'Invalid setting decimalSeparator = ";"',
    );
  });

  it.each([
    [{}, "neither"],
    [{ format: "canonical", mapping: "shop.json" }, "both"],
  ])("rejects %o: %s of --format and --mapping", async (input, _case) => {
    const load = loadOrderSource(input, ENV);

    await expect(load).rejects.toThrow(
      new ConfigError("Pass either --format or --mapping."),
    );
  });
});
