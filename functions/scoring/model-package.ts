import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ENCODER_VERSION, type EncoderSpec } from "#features/encoder.ts";
import { InputError } from "#shared/errors.ts";

/** One input or output of the ONNX graph. */
export interface TensorInfo {
  name: string;
  dtype: string;
  shape: (number | string)[];
}

/** `model.json` of a model package (docs/contracts.md). */
export interface ModelInfo {
  version: string;
  horizonDays: number;
  encoderVersion: string;
  opset: number;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  dataWindow: { firstOrderDate: string; cutoff: string; horizonEnd: string };
  categories: string[] | null;
  hyperparameters: Record<string, unknown>;
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

/**
 * Reads and checks a package's `model.json`.
 *
 * @throws InputError when the file is missing or was made for another
 *   encoder version.
 */
export async function readModelInfo(modelDir: string): Promise<ModelInfo> {
  const path = join(modelDir, "model.json");
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    throw new InputError(`Model description ${path} not found.`, {
      cause: error,
    });
  });
  const info = JSON.parse(text) as ModelInfo;
  if (info.encoderVersion !== ENCODER_VERSION) {
    throw new InputError(
      `${path} was trained on encoder version ${info.encoderVersion}, but ` +
        `this valuecast encodes version ${ENCODER_VERSION}: retrain the model.`,
    );
  }
  return info;
}

/** Returns the encoder settings a model was trained with. */
export function encoderSpecOf(info: ModelInfo): EncoderSpec {
  const seq = info.inputs.find((input) => input.name === "seq");
  const maxOrders = Number(seq?.shape[1]);
  if (!Number.isInteger(maxOrders) || maxOrders < 1) {
    throw new InputError(
      `model.json of ${info.version} gives no sequence length for input "seq".`,
    );
  }
  return { maxOrders, categories: info.categories };
}
