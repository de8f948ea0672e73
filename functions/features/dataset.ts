import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { formatDay } from "#shared/dates.ts";
import { writeNpy } from "#shared/npy.ts";
import { buildVocabulary } from "./categories.ts";
import {
  ENCODER_VERSION,
  type EncodedBatch,
  encodeHistories,
  SEQUENCE_FEATURES,
  SUMMARY_FEATURES,
} from "./encoder.ts";
import type { CustomerHistory } from "./history.ts";
import { computeLabels, type HorizonLabels } from "./labels.ts";
import { SPLITS, type Split, splitOf } from "./split.ts";

/** The window and shape of one training dataset. Days count from 1970-01-01. */
export interface DatasetRequest {
  runId: string;
  cutoffDay: number;
  horizonDays: number;
  maxOrders: number;
  outDir: string;
}

/** The `manifest.json` of a dataset, as fixed in docs/contracts.md. */
export interface DatasetManifest {
  formatVersion: 1;
  encoderVersion: string;
  runId: string;
  cutoff: string;
  /** Day the inputs are encoded at, the cutoff (features count from it). */
  asOf: string;
  horizonDays: number;
  maxOrders: number;
  sequenceFeatures: readonly string[];
  summaryFeatures: readonly string[];
  categories: string[] | null;
  splits: Record<Split, number>;
  /** Customers of each split with at least one purchase in the horizon. */
  buyersInHorizon: Record<Split, number>;
  dataWindow: { firstOrderDate: string; cutoff: string; horizonEnd: string };
}

/**
 * Builds the training dataset: inputs from orders up to the cutoff day,
 * labels from the horizon after it, for every customer with a purchase on or
 * before the cutoff. Writes one folder per split with the tensors and a copy
 * of the manifest, and the manifest at the top.
 */
export async function buildDataset(
  histories: readonly CustomerHistory[],
  request: DatasetRequest,
): Promise<DatasetManifest> {
  const { cutoffDay, horizonDays } = request;
  const eligible = histories.filter((history) =>
    history.orders.some((order) => order.day <= cutoffDay && order.amount >= 0),
  );
  const categories = buildVocabulary(eligible, cutoffDay);
  const bySplit = new Map<Split, CustomerHistory[]>(SPLITS.map((s) => [s, []]));
  for (const history of eligible)
    bySplit.get(splitOf(history.customerId))?.push(history);
  const firstDay = eligible.reduce(
    (min, history) => Math.min(min, history.orders[0]?.day ?? min),
    cutoffDay,
  );
  const manifest: DatasetManifest = {
    formatVersion: 1,
    encoderVersion: ENCODER_VERSION,
    runId: request.runId,
    cutoff: formatDay(cutoffDay),
    asOf: formatDay(cutoffDay),
    horizonDays,
    maxOrders: request.maxOrders,
    sequenceFeatures: SEQUENCE_FEATURES,
    summaryFeatures: SUMMARY_FEATURES,
    categories,
    splits: { train: 0, validation: 0, test: 0 },
    buyersInHorizon: { train: 0, validation: 0, test: 0 },
    dataWindow: {
      firstOrderDate: formatDay(firstDay),
      cutoff: formatDay(cutoffDay),
      horizonEnd: formatDay(cutoffDay + horizonDays),
    },
  };
  for (const split of SPLITS) {
    const members = bySplit.get(split) ?? [];
    manifest.splits[split] = members.length;
    const spec = { maxOrders: request.maxOrders, categories };
    const inputs = encodeHistories(members, cutoffDay, spec);
    const labels = computeLabels(members, cutoffDay, horizonDays, categories);
    manifest.buyersInHorizon[split] = labels.orders.filter((n) => n > 0).length;
    await writeSplit(join(request.outDir, split), members, inputs, labels);
  }
  for (const dir of [
    request.outDir,
    ...SPLITS.map((s) => join(request.outDir, s)),
  ]) {
    await writeFile(
      join(dir, "manifest.json"),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
  }
  return manifest;
}

/** Writes one split's tensors; the shapes are those of docs/contracts.md. */
export async function writeSplit(
  dir: string,
  members: readonly CustomerHistory[],
  inputs: EncodedBatch,
  labels: HorizonLabels,
): Promise<void> {
  const n = inputs.count;
  const L = inputs.maxOrders;
  await mkdir(dir, { recursive: true });
  await writeNpy(join(dir, "seq.npy"), {
    data: inputs.seq,
    shape: [n, L, SEQUENCE_FEATURES.length],
  });
  await writeNpy(join(dir, "mask.npy"), { data: inputs.mask, shape: [n, L] });
  await writeNpy(join(dir, "summary.npy"), {
    data: inputs.summary,
    shape: [n, SUMMARY_FEATURES.length],
  });
  await writeNpy(join(dir, "label_value.npy"), {
    data: labels.value,
    shape: [n],
  });
  await writeNpy(join(dir, "label_orders.npy"), {
    data: labels.orders,
    shape: [n],
  });
  if (inputs.seqCategory && labels.nextCategory) {
    await writeNpy(join(dir, "seq_category.npy"), {
      data: inputs.seqCategory,
      shape: [n, L],
    });
    await writeNpy(join(dir, "label_next_category.npy"), {
      data: labels.nextCategory,
      shape: [n],
    });
  }
  const ids = members.map((history) => history.customerId);
  await writeFile(join(dir, "customers.json"), `${JSON.stringify(ids)}\n`);
}
