import { HmacKeyMismatchError } from "./errors.ts";
import { keyFingerprint } from "./identity.ts";
import type { LakeManifest } from "./manifest.ts";
import {
  DEVELOPMENT_HMAC_KEY,
  HMAC_KEY_VARIABLE,
  type IngestSettings,
} from "./settings.ts";

/**
 * Returns the fingerprint of this call's e-mail pseudonym key, after
 * checking that the lake was built with the same key.
 *
 * @throws HmacKeyMismatchError when the lake records another key.
 */
export function checkLakeKey(
  manifest: LakeManifest,
  settings: IngestSettings,
  workdir: string,
): string {
  const fingerprint = keyFingerprint(settings.hmacKey);
  const stored = manifest.idKeyFingerprint;
  if (stored === undefined || stored === fingerprint) return fingerprint;
  const development = keyFingerprint(DEVELOPMENT_HMAC_KEY);
  const lakeKey =
    stored === development
      ? "the public development key"
      : `another ${HMAC_KEY_VARIABLE} (fingerprint ${stored})`;
  const thisKey = settings.developmentKey
    ? `${HMAC_KEY_VARIABLE} is not set, so this call would use the public development key`
    : `this ${HMAC_KEY_VARIABLE} has the fingerprint ${fingerprint}`;
  throw new HmacKeyMismatchError(
    `The lake in ${workdir} pseudonymises e-mail customer ids with ` +
      `${lakeKey}, but ${thisKey}. The same address would become two ` +
      `customers. Set ${HMAC_KEY_VARIABLE} to the key the lake was built ` +
      "with, or ingest into a new --workdir.",
  );
}
