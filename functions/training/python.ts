import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DependencyError } from "#shared/errors.ts";

const run = promisify(execFile);

/** Interpreters tried in order when none is configured. */
const CANDIDATES = ["python3", "/usr/bin/python3", "python"];

const INSTALL_HINT =
  "Install PyTorch for the system Python with: sudo apt-get install -y " +
  "--no-install-recommends python3-torch python3-numpy libopenblas0-pthread " +
  "(Debian or Ubuntu), or point VALUECAST_PYTHON (or --python) at an " +
  "interpreter that can import torch and numpy.";

/**
 * Finds a Python interpreter that can import torch and numpy. A configured
 * interpreter is checked alone; otherwise the usual names are tried.
 *
 * @returns the interpreter's path or name and its torch version.
 * @throws DependencyError listing what was tried and what to install.
 */
export async function findTorchPython(
  configured: string | null,
): Promise<{ python: string; torchVersion: string }> {
  const candidates = configured ? [configured] : CANDIDATES;
  const failures: string[] = [];
  for (const python of candidates) {
    try {
      const { stdout } = await run(
        python,
        ["-c", "import numpy, torch; print(torch.__version__)"],
        { timeout: 120_000 },
      );
      return { python, torchVersion: stdout.trim() };
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "not found"
          : "cannot import torch and numpy";
      failures.push(`${python} (${reason})`);
    }
  }
  throw new DependencyError(
    `No Python interpreter with PyTorch was found; tried ${failures.join(", ")}. ${INSTALL_HINT}`,
  );
}
