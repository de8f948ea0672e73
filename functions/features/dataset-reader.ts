import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "#shared/errors.ts";
import { type NpyArray, readNpy } from "#shared/npy.ts";
import type { EncodedBatch } from "./encoder.ts";
import type { HorizonLabels } from "./labels.ts";

/** One split of a dataset, read back from its folder. */
export interface DatasetSplit {
  customerIds: string[];
  inputs: EncodedBatch;
  labels: HorizonLabels;
}

/**
 * Reads the tensors of one split folder written by `buildDataset`.
 *
 * @throws InputError when a tensor is missing or has the wrong dtype.
 */
export async function readSplit(dir: string): Promise<DatasetSplit> {
  const customerIds = JSON.parse(
    await readFile(join(dir, "customers.json"), "utf8"),
  ) as string[];
  const seq = await readNpy(join(dir, "seq.npy"));
  const hasCategories = await exists(join(dir, "seq_category.npy"));
  return {
    customerIds,
    inputs: {
      count: customerIds.length,
      maxOrders: seq.shape[1] ?? 0,
      seq: float32(seq, "seq"),
      mask: float32(await readNpy(join(dir, "mask.npy")), "mask"),
      summary: float32(await readNpy(join(dir, "summary.npy")), "summary"),
      seqCategory: hasCategories
        ? int64(await readNpy(join(dir, "seq_category.npy")), "seq_category")
        : null,
    },
    labels: {
      value: float32(
        await readNpy(join(dir, "label_value.npy")),
        "label_value",
      ),
      orders: float32(
        await readNpy(join(dir, "label_orders.npy")),
        "label_orders",
      ),
      nextCategory: hasCategories
        ? int64(
            await readNpy(join(dir, "label_next_category.npy")),
            "label_next_category",
          )
        : null,
    },
  };
}

function float32(array: NpyArray, name: string): Float32Array {
  if (array.data instanceof Float32Array) return array.data;
  throw new InputError(`Tensor ${name} must be float32.`);
}

function int64(array: NpyArray, name: string): BigInt64Array {
  if (array.data instanceof BigInt64Array) return array.data;
  throw new InputError(`Tensor ${name} must be int64.`);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
