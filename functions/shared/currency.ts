import { z } from "zod";

/** A shop currency setting: an ISO 4217 code in any case, read in upper case. */
export const currencySchema = z
  .string()
  .transform((code) => code.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD"));
