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

/** Parses a non-negative decimal option value. */
export function decimal(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a number of at least 0.`);
  }
  return Number(value);
}
