import { describe, expect, it } from "vitest";
import { locateColumns } from "#ingest/presets/columns.ts";
import { InputError } from "#shared/errors.ts";

const COLUMNS = {
  id: { name: "Nr", required: true },
  customer: { name: "Kunde", required: true },
  amount: { name: "Betrag", required: true },
  channel: { name: "Kanal", required: false },
};
const HINT = "Correct the column names.";

describe("locateColumns", () => {
  it("finds columns by name, case and spaces ignored", () => {
    const positions = locateColumns(
      "x.csv",
      [" betrag", "NR ", "Kunde"],
      COLUMNS,
      HINT,
    );

    expect(positions).toEqual({ id: 1, customer: 2, amount: 0, channel: -1 });
  });

  it("gives the hint when columns are missing", () => {
    const locate = () =>
      locateColumns("x.csv", ["Nr", "Kunde", "Summe"], COLUMNS, HINT);

    expect(locate).toThrow(InputError);
    expect(locate).toThrow(
      "x.csv: the header lacks the column(s) Betrag; found Nr, Kunde, " +
        "Summe. Correct the column names.",
    );
  });

  it.each([
    [";", "Nr;Kunde;Betrag", '--delimiter ";"', '"delimiter": ";"'],
    ["|", "Nr|Kunde|Betrag|Kanal", '--delimiter "|"', '"delimiter": "|"'],
    ["\t", "Nr\tKunde\tBetrag", "--delimiter tab", '"delimiter": "\\t"'],
  ])(
    "names the delimiter %j of a one-field header",
    (delimiter, header, option, key) => {
      const locate = () => locateColumns("x.csv", [header], COLUMNS, HINT);

      expect(locate).toThrow(
        `x.csv: the header lacks the column(s) Nr, Kunde, Betrag; found ` +
          `${header}. Split at ${JSON.stringify(delimiter)}, the header has ` +
          "every required column, so the delimiter is likely wrong. Pass " +
          `${option} (or set ${key} in a mapping file).`,
      );
    },
  );

  it("names a comma when a header was split at semicolons", () => {
    const locate = () =>
      locateColumns("x.csv", ["Nr,Kunde", "Betrag,Kanal"], COLUMNS, HINT);

    expect(locate).toThrow('Pass --delimiter ","');
  });

  it("gives the hint when no delimiter yields the columns", () => {
    const locate = () =>
      locateColumns("x.csv", ["Nr;Kunde;Summe"], COLUMNS, HINT);

    expect(locate).toThrow(
      "x.csv: the header lacks the column(s) Nr, Kunde, Betrag; found " +
        "Nr;Kunde;Summe. Correct the column names.",
    );
  });
});
