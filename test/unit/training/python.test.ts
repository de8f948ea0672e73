import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DependencyError } from "#shared/errors.ts";
import { findTorchPython } from "#training/python.ts";
import { useTempDirs } from "../../helpers/workdir.ts";

const tempDir = useTempDirs();

const INSTALL_HINT =
  "Install PyTorch for the system Python with: sudo apt-get install -y " +
  "--no-install-recommends python3-torch python3-numpy libopenblas0-pthread " +
  "(Debian or Ubuntu), or point VALUECAST_PYTHON (or --python) at an " +
  "interpreter that can import torch and numpy.";

/** Writes an executable shell script to use as a fake interpreter. */
async function fakePython(script: string): Promise<string> {
  const path = join(await tempDir(), "python");
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
  return path;
}

describe("findTorchPython", () => {
  it("reports a missing interpreter", async () => {
    const python = join(await tempDir(), "no-such-python");

    await expect(findTorchPython(python)).rejects.toThrow(
      new DependencyError(
        "No Python interpreter with PyTorch was found; tried " +
          `${python} (not found). ${INSTALL_HINT}`,
      ),
    );
  });

  it("reports an interpreter without torch", async () => {
    const python = await fakePython("exit 1");

    await expect(findTorchPython(python)).rejects.toThrow(
      new DependencyError(
        "No Python interpreter with PyTorch was found; tried " +
          `${python} (cannot import torch and numpy). ${INSTALL_HINT}`,
      ),
    );
  });

  it("returns the printed torch version", async () => {
    const python = await fakePython('echo "  2.1.0+cpu  "');

    await expect(findTorchPython(python)).resolves.toEqual({
      python,
      torchVersion: "2.1.0+cpu",
    });
  });

  it("finds torch in the system Python", async () => {
    const found = await findTorchPython("/usr/bin/python3");

    expect(found).toEqual({
      python: "/usr/bin/python3",
      torchVersion: expect.stringMatching(/^\d+\.\d+\.\d+\S*$/),
    });
  });
});
