import { Runtime } from "aws-cdk-lib/aws-lambda";
import { StackConfigError } from "./errors.ts";

/**
 * Runtime for every Lambda function of the stack: Node.js 22 (`nodejs22.x`).
 * It is fixed here rather than read from context, so that all functions
 * share one Node.js version.
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X;

/** Settings of the valuecast stack, read from CDK context. */
export interface StackConfig {
  /** CloudFormation stack name. @default "Valuecast" */
  readonly stackName: string;
  /** Days after upload when raw/ drops move to S3 Standard-IA. @default 30 */
  readonly rawInfrequentAccessDays: number;
  /**
   * Days after upload when raw/ drops move to S3 Glacier Instant Retrieval.
   * @default 90
   */
  readonly rawGlacierDays: number;
  /**
   * Days that S3 keeps an object version after it is overwritten or deleted.
   * @default 90
   */
  readonly noncurrentVersionDays: number;
}

/** Values used for the context keys that are not set. */
export const DEFAULT_STACK_CONFIG: StackConfig = {
  stackName: "Valuecast",
  rawInfrequentAccessDays: 30,
  rawGlacierDays: 90,
  noncurrentVersionDays: 90,
};

const KEY_PREFIX = "valuecast:";
const KNOWN_KEYS = Object.keys(DEFAULT_STACK_CONFIG).map(
  (field) => KEY_PREFIX + field,
);

// CloudFormation accepts letters, digits and hyphens, starting with a letter.
const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/**
 * Reads the stack settings from CDK context and validates them. Each setting
 * has the context key `valuecast:<field>` and falls back to
 * DEFAULT_STACK_CONFIG. Numbers may be strings, as `-c key=value` passes them.
 *
 * @example
 * ```ts
 * const app = new App();
 * const config = readStackConfig(app.node.getAllContext());
 * ```
 * @throws StackConfigError naming the first invalid or unknown key.
 */
export function readStackConfig(
  context: Readonly<Record<string, unknown>>,
): StackConfig {
  rejectUnknownKeys(context);
  const config: StackConfig = {
    stackName: readStackName(context[`${KEY_PREFIX}stackName`]),
    rawInfrequentAccessDays: readDays(context, "rawInfrequentAccessDays"),
    rawGlacierDays: readDays(context, "rawGlacierDays"),
    noncurrentVersionDays: readDays(context, "noncurrentVersionDays"),
  };
  validateLifecycle(config);

  return config;
}

function rejectUnknownKeys(context: Readonly<Record<string, unknown>>): void {
  for (const key of Object.keys(context)) {
    if (key.startsWith(KEY_PREFIX) && !KNOWN_KEYS.includes(key)) {
      throw new StackConfigError(
        key,
        `Unknown context key "${key}". ` +
          `Known keys: ${KNOWN_KEYS.join(", ")}.`,
      );
    }
  }
}

function readStackName(value: unknown): string {
  if (value === undefined) return DEFAULT_STACK_CONFIG.stackName;
  if (typeof value === "string" && STACK_NAME_PATTERN.test(value)) {
    return value;
  }

  const key = `${KEY_PREFIX}stackName`;
  throw new StackConfigError(
    key,
    `Context key "${key}" is ${JSON.stringify(value)}, but it must be a ` +
      "CloudFormation stack name: a letter, then letters, digits or " +
      "hyphens, 128 characters at most.",
  );
}

type DaysField = Exclude<keyof StackConfig, "stackName">;

function readDays(
  context: Readonly<Record<string, unknown>>,
  field: DaysField,
): number {
  const key = KEY_PREFIX + field;
  const value = context[key];
  if (value === undefined) return DEFAULT_STACK_CONFIG[field];
  if (typeof value === "number" && Number.isInteger(value) && value > 0) {
    return value;
  }
  if (typeof value === "string" && /^[1-9][0-9]*$/.test(value)) {
    return Number(value);
  }

  throw new StackConfigError(
    key,
    `Context key "${key}" is ${JSON.stringify(value)}, but it must be a ` +
      `positive whole number of days. Set it in cdk.json or pass ` +
      `-c ${key}=<days>.`,
  );
}

function validateLifecycle(config: StackConfig): void {
  const { rawInfrequentAccessDays, rawGlacierDays } = config;
  if (rawInfrequentAccessDays < 30) {
    const key = `${KEY_PREFIX}rawInfrequentAccessDays`;
    throw new StackConfigError(
      key,
      `Context key "${key}" is ${rawInfrequentAccessDays}, but it must be ` +
        "at least 30, because S3 moves objects to Standard-IA no earlier " +
        "than 30 days after upload.",
    );
  }
  if (rawGlacierDays < rawInfrequentAccessDays + 30) {
    const key = `${KEY_PREFIX}rawGlacierDays`;
    throw new StackConfigError(
      key,
      `Context key "${key}" is ${rawGlacierDays}, but it must be at least ` +
        `${rawInfrequentAccessDays + 30}, because S3 keeps objects in ` +
        "Standard-IA for 30 days before it moves them to Glacier.",
    );
  }
}
