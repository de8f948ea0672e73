import { describe, expect, it } from "vitest";
import {
  DEFAULT_STACK_CONFIG,
  LAMBDA_RUNTIME,
  readStackConfig,
} from "../../../cdk/config.ts";
import { StackConfigError } from "../../../cdk/errors.ts";

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error("Expected the call to throw, but it returned.");
}

describe("readStackConfig", () => {
  it("returns the defaults for empty context", () => {
    expect(readStackConfig({})).toEqual({
      stackName: "Valuecast",
      rawInfrequentAccessDays: 30,
      rawGlacierDays: 90,
      noncurrentVersionDays: 90,
    });
  });

  it("reads numbers from cdk.json", () => {
    const config = readStackConfig({
      "valuecast:stackName": "Valuecast-Staging",
      "valuecast:rawInfrequentAccessDays": 60,
      "valuecast:rawGlacierDays": 365,
      "valuecast:noncurrentVersionDays": 7,
    });

    expect(config).toEqual({
      stackName: "Valuecast-Staging",
      rawInfrequentAccessDays: 60,
      rawGlacierDays: 365,
      noncurrentVersionDays: 7,
    });
  });

  it("reads numbers passed as strings with -c", () => {
    const config = readStackConfig({
      "valuecast:rawInfrequentAccessDays": "31",
      "valuecast:rawGlacierDays": "180",
    });

    expect(config).toEqual({
      ...DEFAULT_STACK_CONFIG,
      rawInfrequentAccessDays: 31,
      rawGlacierDays: 180,
    });
  });

  it("ignores context keys of other tools", () => {
    const config = readStackConfig({
      "cli-telemetry": false,
      "@aws-cdk/aws-s3:createDefaultLoggingPolicy": true,
    });

    expect(config).toEqual(DEFAULT_STACK_CONFIG);
  });

  it.each([
    {
      key: "valuecast:rawGlacierDay",
      context: { "valuecast:rawGlacierDay": 120 },
      message:
        'Unknown context key "valuecast:rawGlacierDay". Known keys: ' +
        "valuecast:stackName, valuecast:rawInfrequentAccessDays, " +
        "valuecast:rawGlacierDays, valuecast:noncurrentVersionDays.",
    },
    {
      key: "valuecast:stackName",
      context: { "valuecast:stackName": "1st_stack" },
      message:
        'Context key "valuecast:stackName" is "1st_stack", but it must be ' +
        "a CloudFormation stack name: a letter, then letters, digits or " +
        "hyphens, 128 characters at most.",
    },
    {
      key: "valuecast:stackName",
      context: { "valuecast:stackName": `V${"a".repeat(128)}` },
      message:
        `Context key "valuecast:stackName" is "V${"a".repeat(128)}", but ` +
        "it must be a CloudFormation stack name: a letter, then letters, " +
        "digits or hyphens, 128 characters at most.",
    },
    {
      key: "valuecast:rawGlacierDays",
      context: { "valuecast:rawGlacierDays": "ninety" },
      message:
        'Context key "valuecast:rawGlacierDays" is "ninety", but it must ' +
        "be a positive whole number of days. Set it in cdk.json or pass " +
        "-c valuecast:rawGlacierDays=<days>.",
    },
    {
      key: "valuecast:noncurrentVersionDays",
      context: { "valuecast:noncurrentVersionDays": 0 },
      message:
        'Context key "valuecast:noncurrentVersionDays" is 0, but it must ' +
        "be a positive whole number of days. Set it in cdk.json or pass " +
        "-c valuecast:noncurrentVersionDays=<days>.",
    },
    {
      key: "valuecast:noncurrentVersionDays",
      context: { "valuecast:noncurrentVersionDays": 1.5 },
      message:
        'Context key "valuecast:noncurrentVersionDays" is 1.5, but it ' +
        "must be a positive whole number of days. Set it in cdk.json or " +
        "pass -c valuecast:noncurrentVersionDays=<days>.",
    },
    {
      key: "valuecast:rawInfrequentAccessDays",
      context: { "valuecast:rawInfrequentAccessDays": "10" },
      message:
        'Context key "valuecast:rawInfrequentAccessDays" is 10, but it must ' +
        "be at least 30, because S3 moves objects to Standard-IA no " +
        "earlier than 30 days after upload.",
    },
    {
      key: "valuecast:rawGlacierDays",
      context: {
        "valuecast:rawInfrequentAccessDays": 60,
        "valuecast:rawGlacierDays": 75,
      },
      message:
        'Context key "valuecast:rawGlacierDays" is 75, but it must be at ' +
        "least 90, because S3 keeps objects in Standard-IA for 30 days " +
        "before it moves them to Glacier.",
    },
  ])("rejects $key: $message", ({ key, context, message }) => {
    const error = thrownBy(() => readStackConfig(context));

    expect(error).toBeInstanceOf(StackConfigError);
    expect(error).toMatchObject({ name: "StackConfigError", key, message });
  });
});

describe("LAMBDA_RUNTIME", () => {
  it("is Node.js 22", () => {
    expect(LAMBDA_RUNTIME.name).toBe("nodejs22.x");
  });
});
