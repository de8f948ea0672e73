import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { QuarantineReason } from "./reasons.ts";

/** What ingesting one source file produced. */
export interface FileReport {
  /** Name of the source file (its base name). */
  file: string;
  sha256: string;
  /** Ingestion sequence; a later file's version of an order wins. */
  seq: number;
  /** Parquet file in the lake, relative to the workdir. */
  lakeFile: string;
  /** Quarantine file, relative to the workdir. */
  quarantineFile: string;
  rowsRead: number;
  rowsIngested: number;
  rowsQuarantined: number;
  quarantinedByReason: Partial<Record<QuarantineReason, number>>;
}

/** The list of source files already in the lake. */
export interface LakeManifest {
  files: FileReport[];
}

export const MANIFEST_PATH = join("lake", "orders", "_files.json");

/** Reads the lake's manifest; a workdir without one has an empty lake. */
export async function readManifest(workdir: string): Promise<LakeManifest> {
  try {
    const text = await readFile(join(workdir, MANIFEST_PATH), "utf8");
    return JSON.parse(text) as LakeManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { files: [] };
    throw error;
  }
}

/** Writes the manifest through a temporary file and a rename. */
export async function writeManifest(
  workdir: string,
  manifest: LakeManifest,
): Promise<void> {
  const path = join(workdir, MANIFEST_PATH);
  await mkdir(join(workdir, "lake", "orders"), { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
