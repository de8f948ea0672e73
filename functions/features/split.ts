import { createHash } from "node:crypto";

export type Split = "train" | "validation" | "test";

export const SPLITS: readonly Split[] = ["train", "validation", "test"];

/** Shares of customers in train and validation; test takes the rest. */
const TRAIN_SHARE = 0.7;
const VALIDATION_SHARE = 0.15;

/**
 * Assigns a customer to a split from a SHA-256 hash of its id, so the
 * assignment never changes between runs, machines or data refreshes.
 */
export function splitOf(customerId: string): Split {
  const digest = createHash("sha256").update(customerId).digest();
  const unit = digest.readUInt32BE(0) / 2 ** 32;
  if (unit < TRAIN_SHARE) return "train";
  return unit < TRAIN_SHARE + VALIDATION_SHARE ? "validation" : "test";
}
