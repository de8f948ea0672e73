import { createHmac } from "node:crypto";

/** A text that is one e-mail address, as a customer id. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** E-mail addresses inside a longer text, such as a raw CSV row. */
const EMAIL_INSIDE =
  /[^\s@,;|"'<>()[\]{}:\t]+@[^\s@,;|"'<>()[\]{}:\t]+\.[A-Za-z]{2,}/g;

/**
 * Replaces e-mail addresses by a keyed HMAC-SHA256, so the lake, the
 * quarantine and the reports hold no raw address. The same address (case
 * and surrounding spaces ignored) always gives the same pseudonym under one
 * key, so a customer's orders stay together across files.
 */
export class EmailPseudonymiser {
  private readonly cache = new Map<string, string>();
  private onFirstUse: (() => void) | null;

  /**
   * @param key the HMAC key; see `resolveHmacKey` in settings.ts.
   * @param onFirstUse called once, before the first address is replaced
   *   (the CLI warns there when the key is the development key).
   */
  constructor(
    private readonly key: string,
    onFirstUse: (() => void) | null = null,
  ) {
    this.onFirstUse = onFirstUse;
  }

  /** Returns the pseudonym for an id that is an e-mail address, else the id. */
  customerId(id: string): string {
    return EMAIL.test(id) ? this.pseudonym(id) : id;
  }

  /** Replaces every e-mail address inside a text by its pseudonym. */
  redact(text: string): string {
    if (!text.includes("@")) return text;
    return text.replace(EMAIL_INSIDE, (address) => this.pseudonym(address));
  }

  private pseudonym(address: string): string {
    const normal = address.trim().toLowerCase();
    const known = this.cache.get(normal);
    if (known) return known;
    this.onFirstUse?.();
    this.onFirstUse = null;
    const digest = createHmac("sha256", this.key).update(normal).digest("hex");
    const pseudonym = `em_${digest.slice(0, 32)}`;
    // Bounded so that a file of millions of distinct addresses cannot grow
    // the cache without limit.
    if (this.cache.size < 1_000_000) this.cache.set(normal, pseudonym);
    return pseudonym;
  }
}

/**
 * Returns a fingerprint of an HMAC key: the first 16 hex digits of the
 * key's HMAC-SHA256 of a fixed text. The lake stores it to detect a key
 * change; it reveals nothing of the key that the pseudonyms do not.
 */
export function keyFingerprint(key: string): string {
  return createHmac("sha256", key)
    .update("valuecast e-mail pseudonym key fingerprint")
    .digest("hex")
    .slice(0, 16);
}
