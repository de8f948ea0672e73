import { readFile, writeFile } from "node:fs/promises";
import { InputError } from "./errors.ts";

/** Typed arrays that map to a NumPy dtype. */
export type NpyData = Float32Array | Float64Array | BigInt64Array | Int32Array;

/** An n-dimensional array in C order, as stored in a `.npy` file. */
export interface NpyArray {
  data: NpyData;
  shape: number[];
}

const DESCR: Record<string, string> = {
  Float32Array: "<f4",
  Float64Array: "<f8",
  BigInt64Array: "<i8",
  Int32Array: "<i4",
};

/** Bytes per value of each dtype `readNpy` accepts. */
const ITEM_BYTES: Record<string, number> = {
  "<f4": 4,
  "<f8": 8,
  "<i8": 8,
  "<i4": 4,
};

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00]);

/**
 * Encodes an array in NumPy's `.npy` format, version 1.0. The header is
 * padded so the data starts at a multiple of 64 bytes, as NumPy does.
 */
export function encodeNpy({ data, shape }: NpyArray): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(
      `Shape [${shape}] needs ${count} values but the array has ${data.length}.`,
    );
  }
  const descr = DESCR[data.constructor.name];
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = MAGIC.length + 2 + header.length + 1;
  header += " ".repeat((64 - (unpadded % 64)) % 64);
  const length = Buffer.alloc(2);
  length.writeUInt16LE(header.length + 1);
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([MAGIC, length, Buffer.from(`${header}\n`), bytes]);
}

/** Writes an array to a `.npy` file. */
export async function writeNpy(path: string, array: NpyArray): Promise<void> {
  await writeFile(path, encodeNpy(array));
}

/**
 * Reads a little-endian, C-order `.npy` file of version 1 or 2.
 *
 * @throws InputError when the file is not such an array.
 */
export async function readNpy(path: string): Promise<NpyArray> {
  const bytes = await readFile(path);
  const major = bytes[6];
  if (!bytes.subarray(0, 6).equals(MAGIC.subarray(0, 6)) || !major) {
    throw new InputError(`${path} is not a .npy file (bad magic bytes).`);
  }
  const headerLength =
    major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = bytes.subarray(start, start + headerLength).toString("latin1");
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (
    /'fortran_order':\s*True/.test(header) ||
    !descr ||
    shapeText === undefined
  ) {
    throw new InputError(`${path} has an unsupported .npy header: ${header}`);
  }
  const shape = shapeText
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map(Number);
  const body = bytes.subarray(start + headerLength);
  const count = shape.reduce((a, b) => a * b, 1);
  const itemBytes = ITEM_BYTES[descr] ?? 1;
  if (ITEM_BYTES[descr] !== undefined && body.length !== count * itemBytes) {
    throw new InputError(
      `${path} has ${Math.floor(body.length / itemBytes)} values but its ` +
        `header shape (${shapeText.trim()}) needs ${count}.`,
    );
  }
  const copy = body.buffer.slice(
    body.byteOffset,
    body.byteOffset + body.length,
  );
  return { data: typedArrayFor(descr, copy, path), shape };
}

function typedArrayFor(
  descr: string,
  buffer: ArrayBuffer,
  path: string,
): NpyData {
  switch (descr) {
    case "<f4":
      return new Float32Array(buffer);
    case "<f8":
      return new Float64Array(buffer);
    case "<i8":
      return new BigInt64Array(buffer);
    case "<i4":
      return new Int32Array(buffer);
    default:
      throw new InputError(
        `${path} has dtype ${descr}; valuecast reads <f4, <f8, <i4 and <i8.`,
      );
  }
}
