import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import type { EvaluationMetrics } from "#evaluation/metrics.ts";
import type { PromotionDecision } from "#evaluation/report/report-data.ts";
import { InputError } from "#shared/errors.ts";

/** Format of `registry.json` that this version writes. */
export const REGISTRY_FORMAT_VERSION = 2;

/** Registry entry of one trained model. */
export interface RegisteredModel {
  version: string;
  /** Model package folder, relative to the workdir. */
  dir: string;
  runId: string;
  /** Horizon of the model, as in its `model.json`. */
  horizonDays: number;
  /** Test metrics without the decile bins, from the run that trained it. */
  metrics: Partial<EvaluationMetrics>;
  decision: PromotionDecision;
}

/** The registry's whole state. */
export interface RegistryState {
  formatVersion: typeof REGISTRY_FORMAT_VERSION;
  /**
   * Version of the production model of each horizon, keyed by the horizon
   * in days as a decimal string, such as `{ "273": "vc-20261204T154000Z" }`.
   * A horizon without a key has no production model.
   */
  production: Record<string, string>;
  models: RegisteredModel[];
}

/** Records trained models and the production model of each horizon. */
export interface ModelRegistry {
  read(): Promise<RegistryState>;
  /** Returns the production model of a horizon, or null when there is none. */
  findProduction(horizonDays: number): Promise<RegisteredModel | null>;
  /**
   * Adds a model with its decision. A promoted model becomes the production
   * model of its horizon and leaves the other horizons' models in place.
   */
  record(model: RegisteredModel): Promise<void>;
}

const horizonSchema = z.number().int().positive();

/**
 * Fields of an entry that the registry reads. The other fields are kept
 * as they are.
 */
const modelSchema = z.looseObject({
  version: z.string().min(1),
  horizonDays: horizonSchema,
});

/** `registry.json` as this version writes it. */
const currentFileSchema = z.object({
  formatVersion: z.literal(REGISTRY_FORMAT_VERSION),
  production: z.record(
    z.string().regex(/^[1-9]\d*$/, "must be a horizon in days"),
    z.string().min(1),
  ),
  models: z.array(modelSchema),
});

/**
 * `registry.json` as versions before per-horizon production wrote it,
 * without `formatVersion` and with one production model for all horizons.
 */
const singleProductionFileSchema = z.object({
  production: z.string().min(1).nullable(),
  models: z.array(modelSchema),
});

/**
 * Label that versions before this one stored in front of the version in
 * `decision.previousProduction`, as in "production vc-20261204T154000Z".
 */
const PRODUCTION_LABEL = "production ";

/**
 * Returns the entry with the version alone in `decision.previousProduction`,
 * removing the label that earlier versions stored in front of it.
 */
function withPreviousVersion(model: RegisteredModel): RegisteredModel {
  const previous = model.decision?.previousProduction;
  if (typeof previous !== "string" || !previous.startsWith(PRODUCTION_LABEL)) {
    return model;
  }
  return {
    ...model,
    decision: {
      ...model.decision,
      previousProduction: previous.slice(PRODUCTION_LABEL.length),
    },
  };
}

/** A registry kept as `models/registry.json` in the workdir. */
export class LocalModelRegistry implements ModelRegistry {
  private readonly path: string;

  constructor(workdir: string) {
    this.path = join(workdir, "models", "registry.json");
  }

  /**
   * Reads the registry. A workdir without one has no models yet. A file
   * with one `production` version for all horizons, as versions before
   * per-horizon production wrote it, is returned in the current format,
   * with that model as the production model of its horizon. The file itself
   * is rewritten in the current format on the next `record`. So is a
   * `decision.previousProduction` that earlier versions stored as a label
   * such as "production vc-1", which is read as the version "vc-1".
   *
   * @throws InputError when the file is not valid JSON, has another shape,
   *   was written by a newer valuecast, or names a production model that it
   *   does not list with that horizon.
   */
  async read(): Promise<RegistryState> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return {
          formatVersion: REGISTRY_FORMAT_VERSION,
          production: {},
          models: [],
        };
      }
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new InputError(
        `Model registry ${this.path} is not valid JSON: restore it from a ` +
          "backup, or move it away to start a new registry.",
        { cause: error },
      );
    }
    const state = this.parse(json);
    this.checkProduction(state);
    return state;
  }

  async findProduction(horizonDays: number): Promise<RegisteredModel | null> {
    const state = await this.read();
    const version = state.production[String(horizonDays)];
    // `read` has checked that this version is listed with this horizon.
    return state.models.find((model) => model.version === version) ?? null;
  }

  /**
   * @throws Error when the horizon is not a positive whole number of days,
   *   or when the version is already recorded with another horizon.
   */
  async record(model: RegisteredModel): Promise<void> {
    if (!horizonSchema.safeParse(model.horizonDays).success) {
      throw new Error(
        `Invalid horizon ${model.horizonDays} of model ${model.version}: ` +
          "expected a positive whole number of days.",
      );
    }
    const state = await this.read();
    const previous = state.models.find((m) => m.version === model.version);
    if (previous && previous.horizonDays !== model.horizonDays) {
      throw new Error(
        `Model ${model.version} is already recorded in ${this.path} with ` +
          `a ${previous.horizonDays}-day horizon, not ${model.horizonDays}: ` +
          "record the new model under a new version.",
      );
    }
    state.models = state.models.filter((m) => m.version !== model.version);
    state.models.push(model);
    if (model.decision.promoted) {
      state.production[String(model.horizonDays)] = model.version;
    }
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(`${this.path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
    await rename(`${this.path}.tmp`, this.path);
  }

  /** Checks the file's shape and migrates the single-production format. */
  private parse(json: unknown): RegistryState {
    const formatVersion =
      typeof json === "object" && json !== null && "formatVersion" in json
        ? json.formatVersion
        : undefined;
    if (formatVersion === undefined) {
      const old = this.validate(singleProductionFileSchema, json);
      const models = (old.models as unknown as RegisteredModel[]).map(
        withPreviousVersion,
      );
      const production: Record<string, string> = {};
      if (old.production !== null) {
        const entry = models.find((m) => m.version === old.production);
        if (!entry) {
          throw new InputError(
            `Model registry ${this.path} names ${old.production} as the ` +
              "production model but lists no model of that version, so its " +
              "horizon is unknown: add its entry to models, or set " +
              "production to null.",
          );
        }
        production[String(entry.horizonDays)] = entry.version;
      }
      return { formatVersion: REGISTRY_FORMAT_VERSION, production, models };
    }
    if (
      typeof formatVersion === "number" &&
      formatVersion > REGISTRY_FORMAT_VERSION
    ) {
      throw new InputError(
        `Model registry ${this.path} has format version ${formatVersion}, ` +
          `but this valuecast reads versions up to ${REGISTRY_FORMAT_VERSION}: ` +
          "upgrade valuecast.",
      );
    }
    const current = this.validate(currentFileSchema, json);
    return {
      formatVersion: REGISTRY_FORMAT_VERSION,
      production: current.production,
      models: (current.models as unknown as RegisteredModel[]).map(
        withPreviousVersion,
      ),
    };
  }

  private validate<T>(schema: z.ZodType<T>, json: unknown): T {
    const result = schema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new InputError(
        `Model registry ${this.path} is invalid at ` +
          `${issue?.path.join(".") || "the top level"}: ${issue?.message}. ` +
          "Restore it from a backup, or move it away to start a new registry.",
      );
    }
    return result.data;
  }

  /** Checks that each production version is listed with its horizon. */
  private checkProduction(state: RegistryState): void {
    for (const [horizon, version] of Object.entries(state.production)) {
      const entry = state.models.find((m) => m.version === version);
      if (entry?.horizonDays !== Number(horizon)) {
        throw new InputError(
          `Model registry ${this.path} names ${version} as the production ` +
            `model of the ${horizon}-day horizon, but lists no ${horizon}-day ` +
            `model of that version: fix its production entry for "${horizon}".`,
        );
      }
    }
  }
}
