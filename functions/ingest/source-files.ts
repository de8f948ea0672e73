import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "#shared/errors.ts";
import { plural } from "#shared/plural.ts";

/** The files an order source names, in the order they are ingested. */
export interface SourceFiles {
  /** True when the source is a folder. */
  folder: boolean;
  files: string[];
  /** Names of the folder's subfolders, which are not read. */
  subfolders: string[];
}

/**
 * Lists an order source: a file, or the files directly in a folder in
 * name order. Names starting with a dot (such as `.DS_Store`) are left
 * out, and subfolders are listed but not read.
 *
 * @throws InputError when the source does not exist, or is a folder
 *   without a file.
 */
export async function listSourceFiles(source: string): Promise<SourceFiles> {
  const info = await stat(source).catch((error: unknown) => {
    throw new InputError(
      `Order source ${source} not found: pass an existing file or folder ` +
        "to --orders.",
      { cause: error },
    );
  });
  if (info.isFile()) return { folder: false, files: [source], subfolders: [] };
  const names = (await readdir(source))
    .filter((name) => !name.startsWith("."))
    .sort();
  const files: string[] = [];
  const subfolders: string[] = [];
  for (const name of names) {
    const entry = await stat(join(source, name));
    if (entry.isFile()) files.push(join(source, name));
    else if (entry.isDirectory()) subfolders.push(name);
  }
  if (files.length === 0) {
    const inside =
      subfolders.length === 0
        ? ""
        : `, only ${plural(subfolders.length, "subfolder")} ` +
          `(${subfolders.join(", ")}), and subfolders are not read`;
    throw new InputError(`Folder ${source} contains no order files${inside}.`);
  }
  return { folder: true, files, subfolders };
}
