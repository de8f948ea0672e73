import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "#shared/errors.ts";
import { encodeNpy, type NpyArray, readNpy, writeNpy } from "#shared/npy.ts";
import { useTempDirs } from "../../helpers/workdir.ts";

const run = promisify(execFile);
const tempDir = useTempDirs();

// scripts/setup.sh installs NumPy for the system interpreter.
const PYTHON = "/usr/bin/python3";

/** Magic string and version 1.0 of the `.npy` format. */
const MAGIC_V1 = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);

/** Pads a header dictionary so the data starts at a multiple of 64 bytes. */
function headerText(dictionary: string): string {
  const unpadded = MAGIC_V1.length + 2 + dictionary.length + 1;
  const spaces = (64 - (unpadded % 64)) % 64;
  return `${dictionary}${" ".repeat(spaces)}\n`;
}

/** Builds a version 1.0 file from a header dictionary and a body. */
function npyFile(dictionary: string, body: Buffer): Buffer {
  const header = headerText(dictionary);
  const length = Buffer.alloc(2);
  length.writeUInt16LE(header.length);
  return Buffer.concat([MAGIC_V1, length, Buffer.from(header), body]);
}

async function writeBytes(name: string, bytes: Buffer): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, bytes);
  return path;
}

async function python(code: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(PYTHON, ["-c", code, ...args]);
  return stdout;
}

const ROUND_TRIPS: [string, NpyArray][] = [
  ["float32 1-d", { data: Float32Array.of(0.1, -1.5, 3e38), shape: [3] }],
  [
    "float64 3-d",
    {
      data: Float64Array.of(0, -0, 1e-300, Number.NaN, Infinity, -2, 0.1, 7),
      shape: [2, 2, 2],
    },
  ],
  [
    "int64 1-d",
    {
      data: BigInt64Array.of(-(2n ** 63n), -1n, 0n, 2n ** 63n - 1n),
      shape: [4],
    },
  ],
  [
    "int32 3-d",
    {
      data: Int32Array.of(-(2 ** 31), 2 ** 31 - 1, 0, 5, 6, 7),
      shape: [1, 2, 3],
    },
  ],
  ["float32 empty first dim", { data: new Float32Array(0), shape: [0, 4] }],
  ["int64 empty first dim", { data: new BigInt64Array(0), shape: [0, 2, 3] }],
  ["float64 scalar", { data: Float64Array.of(2.5), shape: [] }],
];

describe("encodeNpy and readNpy", () => {
  it.each(ROUND_TRIPS)("round-trips %s", async (_name, array) => {
    const path = join(await tempDir(), "array.npy");

    await writeNpy(path, array);
    const read = await readNpy(path);

    expect(read).toStrictEqual(array);
  });

  it.each(ROUND_TRIPS)("pads the header of %s to 64 bytes", (_name, array) => {
    const bytes = encodeNpy(array);

    const headerLength = bytes.readUInt16LE(8);
    const dataStart = 10 + headerLength;

    expect(dataStart % 64).toBe(0);
    expect(bytes[dataStart - 1]).toBe(0x0a);
    expect(bytes.length - dataStart).toBe(array.data.byteLength);
  });

  it("writes NumPy's header text", () => {
    const array = { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] };

    const bytes = encodeNpy(array);

    const dictionary =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    expect(bytes.subarray(0, 8)).toStrictEqual(MAGIC_V1);
    expect(bytes.readUInt16LE(8)).toBe(118);
    expect(bytes.subarray(10, 128).toString("latin1")).toBe(
      `${dictionary.padEnd(117)}\n`,
    );
  });

  it("writes a 1-d shape with a trailing comma", () => {
    const bytes = encodeNpy({ data: new Int32Array(7), shape: [7] });

    expect(bytes.toString("latin1", 10, 10 + 57)).toBe(
      "{'descr': '<i4', 'fortran_order': False, 'shape': (7,), }",
    );
  });

  it("rejects a shape of another length", () => {
    const array = { data: new Float32Array(5), shape: [2, 3] };

    expect(() => encodeNpy(array)).toThrow(
      new RangeError("Shape [2,3] needs 6 values but the array has 5."),
    );
  });
});

describe("NumPy interoperability", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir();
    await python(
      [
        "import sys, numpy as np",
        "d = sys.argv[1]",
        "np.save(d + '/f4.npy', (np.arange(24, dtype='<f4') / 4)" +
          ".reshape(2, 3, 4))",
        "np.save(d + '/i8.npy', np.array([-2**63, -1, 0, 2**62 + 1], '<i8'))",
        "np.save(d + '/empty.npy', np.zeros((0, 3), '<f4'))",
        "np.save(d + '/scalar.npy', np.float64(-0.375))",
        "with open(d + '/v2.npy', 'wb') as f:",
        "    np.lib.format.write_array(f, np.array([[1, 2], [3, 4]], '<i4'),",
        "                              version=(2, 0))",
        "np.save(d + '/fortran.npy', np.asfortranarray(np.ones((2, 3))))",
        "np.save(d + '/big-endian.npy', np.ones(3, '>f4'))",
        "np.save(d + '/bool.npy', np.ones(3, bool))",
      ].join("\n"),
      dir,
    );
  });

  it.each<[string, NpyArray]>([
    [
      "f4.npy",
      {
        data: Float32Array.from({ length: 24 }, (_, i) => i / 4),
        shape: [2, 3, 4],
      },
    ],
    [
      "i8.npy",
      {
        data: BigInt64Array.of(-(2n ** 63n), -1n, 0n, 2n ** 62n + 1n),
        shape: [4],
      },
    ],
    ["empty.npy", { data: new Float32Array(0), shape: [0, 3] }],
    ["scalar.npy", { data: Float64Array.of(-0.375), shape: [] }],
    ["v2.npy", { data: Int32Array.of(1, 2, 3, 4), shape: [2, 2] }],
  ])("reads NumPy's %s", async (name, expected) => {
    const read = await readNpy(join(dir, name));

    expect(read).toStrictEqual(expected);
  });

  it("writes files that NumPy loads", async () => {
    const path = join(await tempDir(), "ours.npy");
    await writeNpy(path, {
      data: BigInt64Array.of(-3n, 0n, 9n, 2n ** 40n, 5n, 6n),
      shape: [3, 2],
    });

    const loaded = await python(
      [
        "import sys, json, numpy as np",
        "a = np.load(sys.argv[1])",
        "print(json.dumps([a.dtype.str, list(a.shape), a.flags.c_contiguous,",
        "                  a.ravel().tolist()]))",
      ].join("\n"),
      path,
    );

    expect(JSON.parse(loaded)).toEqual([
      "<i8",
      [3, 2],
      true,
      [-3, 0, 9, 2 ** 40, 5, 6],
    ]);
  });

  it("rejects NumPy's Fortran-order file", async () => {
    const path = join(dir, "fortran.npy");
    const dictionary =
      "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
    // NumPy's padding differs between versions, so its length comes from
    // the file.
    const headerLength = (await readFile(path)).readUInt16LE(8);

    await expect(readNpy(path)).rejects.toThrow(
      new InputError(
        `${path} has an unsupported .npy header: ` +
          `${dictionary.padEnd(headerLength - 1)}\n`,
      ),
    );
  });

  it.each([
    ["big-endian.npy", ">f4"],
    ["bool.npy", "|b1"],
  ])("rejects NumPy's %s", async (name, dtype) => {
    const path = join(dir, name);

    await expect(readNpy(path)).rejects.toThrow(
      new InputError(
        `${path} has dtype ${dtype}; valuecast reads <f4, <f8, <i4 and <i8.`,
      ),
    );
  });
});

describe("readNpy", () => {
  it("rejects a file with bad magic bytes", async () => {
    const path = await writeBytes("text.npy", Buffer.from("a,b\n1,2\n"));

    await expect(readNpy(path)).rejects.toThrow(
      new InputError(`${path} is not a .npy file (bad magic bytes).`),
    );
  });

  it("rejects format version 0", async () => {
    const bytes = npyFile("{}", Buffer.alloc(0));
    bytes[6] = 0;
    const path = await writeBytes("v0.npy", bytes);

    await expect(readNpy(path)).rejects.toThrow(
      new InputError(`${path} is not a .npy file (bad magic bytes).`),
    );
  });

  it.each([
    [
      "Fortran order",
      "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",
    ],
    ["no shape", "{'descr': '<f4', 'fortran_order': False, }"],
    ["no dtype", "{'fortran_order': False, 'shape': (2,), }"],
  ])("rejects a header with %s", async (_case, dictionary) => {
    const path = await writeBytes(
      "bad.npy",
      npyFile(dictionary, Buffer.alloc(8)),
    );

    await expect(readNpy(path)).rejects.toThrow(
      new InputError(
        `${path} has an unsupported .npy header: ${headerText(dictionary)}`,
      ),
    );
  });

  it("rejects an unsupported dtype", async () => {
    const dictionary =
      "{'descr': '<u2', 'fortran_order': False, 'shape': (4,), }";
    const path = await writeBytes(
      "u2.npy",
      npyFile(dictionary, Buffer.alloc(8)),
    );

    await expect(readNpy(path)).rejects.toThrow(
      new InputError(
        `${path} has dtype <u2; valuecast reads <f4, <f8, <i4 and <i8.`,
      ),
    );
  });

  // NOTE: readNpy never compares the body with the header's shape, so a
  // truncated file reads as a shorter array (or a bare RangeError).
  it("rejects a body shorter than the shape", async () => {
    const dictionary =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
    const path = await writeBytes(
      "short.npy",
      npyFile(dictionary, Buffer.alloc(8)),
    );

    await expect(readNpy(path)).rejects.toThrow(
      new InputError(`${path} has 2 values but its header shape (3,) needs 3.`),
    );
  });
});
