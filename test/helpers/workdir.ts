import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * Returns a function that makes a fresh temporary folder; every folder is
 * removed after the test file.
 */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(
      dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })),
    );
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), "valuecast-test-"));
    dirs.push(dir);
    return dir;
  };
}

/** Writes `lines` joined by `eol` to `dir/name` and returns the path. */
export async function writeLines(
  dir: string,
  name: string,
  lines: string[],
  eol = "\n",
): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.join(eol) + eol);
  return path;
}
