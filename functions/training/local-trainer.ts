import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ValuecastError } from "#shared/errors.ts";
import type { StepProgress } from "#shared/progress.ts";

/** The SageMaker entry point, run locally with the same contract. */
export const TRAIN_SCRIPT = fileURLToPath(
  new URL("../../model/train.py", import.meta.url),
);

/** A training run on this machine. */
export interface LocalTrainingRequest {
  python: string;
  datasetDir: string;
  modelDir: string;
  modelVersion: string;
  seed: number;
  epochs: number;
  progress?: StepProgress;
}

/** The trainer's last progress event. */
export interface TrainingOutcome {
  bestEpoch: number;
  validationLoss: number;
  seconds: number;
}

/** Training failed; the message carries the end of the trainer's stderr. */
export class TrainingError extends ValuecastError {
  override name = "TrainingError";
}

/**
 * Runs `model/train.py` as SageMaker would: channels and model directory in
 * `SM_*` variables, hyperparameters as arguments. Reads the trainer's JSON
 * progress lines from stdout and reports each epoch.
 *
 * @throws TrainingError when the trainer exits with an error.
 */
export async function trainLocally(
  request: LocalTrainingRequest,
): Promise<TrainingOutcome> {
  const child = spawn(
    request.python,
    [
      TRAIN_SCRIPT,
      `--epochs=${request.epochs}`,
      `--seed=${request.seed}`,
      `--model-version=${request.modelVersion}`,
      "--device=cpu",
    ],
    {
      env: {
        ...process.env,
        SM_CHANNEL_TRAIN: `${request.datasetDir}/train`,
        SM_CHANNEL_VALIDATION: `${request.datasetDir}/validation`,
        SM_CHANNEL_TEST: `${request.datasetDir}/test`,
        SM_MODEL_DIR: request.modelDir,
        PYTHONUNBUFFERED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const stderr: string[] = [];
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 200) stderr.shift();
  });
  let outcome: TrainingOutcome | null = null;
  for await (const line of createInterface({ input: child.stdout })) {
    const event = parseEvent(line);
    if (event?.event === "epoch") {
      request.progress?.update(
        Number(event.epoch),
        request.epochs,
        `loss ${format(event.trainLoss)} validation ${format(event.validationLoss)}`,
      );
    } else if (event?.event === "done") {
      outcome = {
        bestEpoch: Number(event.bestEpoch),
        validationLoss: Number(event.validationLoss),
        seconds: Number(event.seconds),
      };
    }
  }
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode);
    } else {
      child.on("close", resolve);
    }
  });
  if (code !== 0 || outcome === null) {
    const ending = child.signalCode
      ? `was killed by ${child.signalCode}; if the machine ran out of ` +
        "memory, train on a machine with more"
      : `failed (exit code ${code})`;
    throw new TrainingError(
      `Training with ${request.python} ${ending}. ` +
        `The trainer's last output:\n${stderr.join("").slice(-2000)}`,
    );
  }
  return outcome;
}

function parseEvent(line: string): Record<string, unknown> | null {
  if (!line.startsWith("{")) return null;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function format(value: unknown): string {
  return typeof value === "number" ? value.toFixed(4) : "?";
}
