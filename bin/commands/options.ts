import { InvalidArgumentError } from "commander";
import { PRESETS } from "#ingest/presets/index.ts";

/** The `--format` help text: every preset with its one-line summary. */
export const FORMATS_HELP = [...PRESETS.values()]
  .map((preset) => `${preset.name}: ${preset.summary}`)
  .join("; ");

/** Parses a whole-number option value. */
export function integer(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a whole number.`);
  }
  return Number(value);
}
