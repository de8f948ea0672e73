import { access, mkdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Formats a run's start time, in UTC to the second, as its run id:
 * `20261204T154000Z` for 2026-12-04T15:40:00.123Z.
 */
export function runIdOf(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
}

/**
 * Claims a new run id in a workdir and creates its `reports/<run>` folder.
 * The id is the start time to the second (see `runIdOf`). When a run of
 * the workdir already has that id, the suffix `-2`, `-3` and so on is
 * added, so runs started in the same second get their own dataset, model
 * and report folders. An id is taken when its report folder exists, or
 * when its dataset or model folder does, as a failed run can leave those
 * without a report. The report folder is created with a `mkdir` that fails
 * when it exists, so two processes never claim the same id.
 *
 * @returns the run id and its report folder.
 */
export async function claimRunId(
  workdir: string,
  now: Date,
): Promise<{ runId: string; reportDir: string }> {
  const base = runIdOf(now);
  await mkdir(join(workdir, "reports"), { recursive: true });
  for (let number = 1; ; number += 1) {
    const runId = number === 1 ? base : `${base}-${number}`;
    const used =
      (await exists(join(workdir, "datasets", runId))) ||
      (await exists(join(workdir, "models", `vc-${runId}`)));
    if (used) continue;
    const reportDir = join(workdir, "reports", runId);
    try {
      await mkdir(reportDir);
      return { runId, reportDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
