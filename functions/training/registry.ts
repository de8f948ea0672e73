import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { EvaluationMetrics } from "#evaluation/metrics.ts";
import type { PromotionDecision } from "#evaluation/report/report-data.ts";
import { InputError } from "#shared/errors.ts";

/** Registry entry of one trained model. */
export interface RegisteredModel {
  version: string;
  /** Model package folder, relative to the workdir. */
  dir: string;
  runId: string;
  horizonDays: number;
  /** Test metrics without the decile bins, from the run that trained it. */
  metrics: Partial<EvaluationMetrics>;
  decision: PromotionDecision;
}

/** The registry's whole state. */
export interface RegistryState {
  production: string | null;
  models: RegisteredModel[];
}

/** Records trained models and which one is in production. */
export interface ModelRegistry {
  read(): Promise<RegistryState>;
  /** Adds a model with its decision and, if promoted, makes it production. */
  record(model: RegisteredModel): Promise<void>;
}

/** A registry kept as `models/registry.json` in the workdir. */
export class LocalModelRegistry implements ModelRegistry {
  private readonly path: string;

  constructor(workdir: string) {
    this.path = join(workdir, "models", "registry.json");
  }

  /**
   * Reads the registry; a workdir without one has no models yet.
   *
   * @throws InputError when the file is not valid JSON.
   */
  async read(): Promise<RegistryState> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return { production: null, models: [] };
      }
      throw error;
    }
    try {
      return JSON.parse(text) as RegistryState;
    } catch (error) {
      throw new InputError(
        `Model registry ${this.path} is not valid JSON: restore it from a ` +
          "backup, or move it away to start a new registry.",
        { cause: error },
      );
    }
  }

  async record(model: RegisteredModel): Promise<void> {
    const state = await this.read();
    state.models = state.models.filter((m) => m.version !== model.version);
    state.models.push(model);
    if (model.decision.promoted) state.production = model.version;
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(`${this.path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
    await rename(`${this.path}.tmp`, this.path);
  }
}
