import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { type EncodedBatch, encodeHistories } from "#features/encoder.ts";
import type { CustomerHistory } from "#features/history.ts";
import type { StepProgress } from "#shared/progress.ts";
import {
  encoderSpecOf,
  type ModelInfo,
  readModelInfo,
} from "./model-package.ts";
import { OUTPUT_NAMES, type Predictions } from "./predictions.ts";

const DEFAULT_BATCH = 2048;

/**
 * Scores customers with an exported model through onnxruntime. It encodes
 * histories with the same encoder the dataset builder uses.
 */
export class OnnxPredictor {
  private constructor(
    readonly info: ModelInfo,
    private readonly session: ort.InferenceSession,
  ) {}

  /** Loads `model.onnx` and `model.json` from a model package folder. */
  static async load(modelDir: string): Promise<OnnxPredictor> {
    const info = await readModelInfo(modelDir);
    const session = await ort.InferenceSession.create(
      join(modelDir, "model.onnx"),
      {
        graphOptimizationLevel: "all",
      },
    );
    return new OnnxPredictor(info, session);
  }

  /** Runs the model on already encoded inputs. */
  async predictEncoded(batch: EncodedBatch): Promise<Predictions> {
    const L = batch.maxOrders;
    const n = batch.count;
    const feeds: Record<string, ort.Tensor> = {
      seq: new ort.Tensor("float32", batch.seq, [
        n,
        L,
        batch.seq.length / (n * L),
      ]),
      mask: new ort.Tensor("float32", batch.mask, [n, L]),
      summary: new ort.Tensor("float32", batch.summary, [
        n,
        batch.summary.length / n,
      ]),
    };
    if (batch.seqCategory) {
      feeds.seq_category = new ort.Tensor("int64", batch.seqCategory, [n, L]);
    }
    const out = await this.session.run(feeds);
    const column = (name: string) => out[name]?.data as Float32Array;
    return {
      pAlive: column(OUTPUT_NAMES.pAlive),
      expectedValue: column(OUTPUT_NAMES.expectedValue),
      valueP10: column(OUTPUT_NAMES.valueP10),
      valueP50: column(OUTPUT_NAMES.valueP50),
      valueP90: column(OUTPUT_NAMES.valueP90),
      expectedOrders: column(OUTPUT_NAMES.expectedOrders),
      categoryProbs: batch.seqCategory ? column("category_probs") : null,
    };
  }

  /**
   * Encodes and scores histories as of the end of `asOfDay`, in batches so
   * memory stays flat for large customer bases.
   */
  async predictHistories(
    histories: readonly CustomerHistory[],
    asOfDay: number,
    progress?: StepProgress,
  ): Promise<Predictions> {
    const spec = encoderSpecOf(this.info);
    const parts: Predictions[] = [];
    for (let start = 0; start < histories.length; start += DEFAULT_BATCH) {
      const chunk = histories.slice(start, start + DEFAULT_BATCH);
      parts.push(
        await this.predictEncoded(encodeHistories(chunk, asOfDay, spec)),
      );
      progress?.update(start + chunk.length, histories.length);
    }
    return concatPredictions(parts);
  }
}

/** Joins predictions of consecutive batches. */
export function concatPredictions(parts: Predictions[]): Predictions {
  const join = (pick: (p: Predictions) => Float32Array | null) => {
    const arrays = parts.map(pick).filter((a): a is Float32Array => a !== null);
    const result = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
    let offset = 0;
    for (const array of arrays) {
      result.set(array, offset);
      offset += array.length;
    }
    return result;
  };
  const hasCategories = parts.some((part) => part.categoryProbs !== null);
  return {
    pAlive: join((p) => p.pAlive),
    expectedValue: join((p) => p.expectedValue),
    valueP10: join((p) => p.valueP10),
    valueP50: join((p) => p.valueP50),
    valueP90: join((p) => p.valueP90),
    expectedOrders: join((p) => p.expectedOrders),
    categoryProbs: hasCategories ? join((p) => p.categoryProbs) : null,
  };
}
