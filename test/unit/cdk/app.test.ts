import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const tsx = join("node_modules", ".bin", "tsx");

// Runs cdk/app.ts the way the CDK CLI does: the CLI passes context in
// CDK_CONTEXT_JSON and the output folder in CDK_OUTDIR.
function runApp(outdir: string, context: Record<string, unknown>) {
  return run(tsx, ["cdk/app.ts"], {
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
    },
  });
}

describe("cdk app", () => {
  let outdir: string;

  beforeEach(async () => {
    outdir = await mkdtemp(join(tmpdir(), "valuecast-cdk-"));
  });

  afterEach(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it("synthesizes the configured stack", async () => {
    await runApp(outdir, { "valuecast:stackName": "Valuecast-Dev" });

    const template = JSON.parse(
      await readFile(join(outdir, "Valuecast-Dev.template.json"), "utf8"),
    );
    const types = Object.values(template.Resources).map(
      (resource) => (resource as { Type: string }).Type,
    );
    expect(types).toContain("AWS::S3::Bucket");
  });

  it("exits with the message of an invalid setting", async () => {
    const error = await runApp(outdir, {
      "valuecast:rawGlacierDays": "45",
    }).catch((failure: unknown) => failure);

    expect(error).toMatchObject({
      code: 1,
      stderr:
        'Context key "valuecast:rawGlacierDays" is 45, but it must be at ' +
        "least 60, because S3 keeps objects in Standard-IA for 30 days " +
        "before it moves them to Glacier.\n",
    });
  });
});
