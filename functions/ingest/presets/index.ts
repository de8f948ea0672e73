import { ConfigError } from "#shared/errors.ts";
import { canonicalPreset } from "./canonical.ts";
import { cdnowPreset } from "./cdnow.ts";
import { invoiceLinesPreset } from "./invoice-lines.ts";
import { shopifyPreset } from "./shopify.ts";
import type { Preset } from "./types.ts";

/** Every preset, by the name `--format` takes. */
export const PRESETS: ReadonlyMap<string, Preset> = new Map(
  [canonicalPreset, cdnowPreset, invoiceLinesPreset, shopifyPreset].map(
    (preset) => [preset.name, preset],
  ),
);

/**
 * Looks a preset up by name.
 *
 * @throws ConfigError listing the known presets when the name is unknown.
 */
export function getPreset(name: string): Preset {
  const preset = PRESETS.get(name);
  if (!preset) {
    throw new ConfigError(
      `Unknown format "${name}". Choose one of: ${[...PRESETS.keys()].join(", ")}, ` +
        "or describe the columns in a mapping file (--mapping).",
    );
  }
  return preset;
}
