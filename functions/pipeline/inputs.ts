import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { checkLakeKey } from "#ingest/lake-key.ts";
import { readManifest } from "#ingest/manifest.ts";
import type { IngestSettings } from "#ingest/settings.ts";
import { listSourceFiles } from "#ingest/source-files.ts";
import { ConfigError, InputError } from "#shared/errors.ts";

/**
 * Checks the inputs of a run that can be checked without reading the
 * orders: the order source exists and its files can be opened for
 * reading, the workdir is a folder (or does not exist yet), and its lake
 * was built with this call's e-mail pseudonym key. A run calls it before
 * the slow steps, so a typo in a path is reported before a missing
 * trainer or a long ingestion.
 *
 * @throws InputError when the source is missing, is a folder without
 *   files, or has a file that cannot be opened for reading.
 * @throws ConfigError when the workdir is not a folder.
 * @throws HmacKeyMismatchError when the lake records another key.
 */
export async function checkRunInputs(
  orders: string,
  workdir: string,
  settings: IngestSettings,
): Promise<void> {
  const { files } = await listSourceFiles(orders);
  for (const file of files) {
    await access(file, constants.R_OK).catch((error: unknown) => {
      throw new InputError(
        `Order file ${file} cannot be read ` +
          `(${(error as NodeJS.ErrnoException).code}): give the user ` +
          "running valuecast read access to it, or pass another file to " +
          "--orders.",
        { cause: error },
      );
    });
  }

  const info = await stat(workdir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  });
  if (info !== null && !info.isDirectory()) {
    throw new ConfigError(
      `Invalid --workdir ${workdir}: it exists and is not a folder. Pass ` +
        "a folder, or a path that does not exist yet, to --workdir.",
    );
  }
  checkLakeKey(await readManifest(workdir), settings, workdir);
}
