import { App } from "aws-cdk-lib";
import { readStackConfig } from "./config.ts";
import { StackConfigError } from "./errors.ts";
import { ValuecastStack } from "./valuecast-stack.ts";

const app = new App();
try {
  const config = readStackConfig(app.node.getAllContext());
  new ValuecastStack(app, config.stackName, { config });
  app.synth();
} catch (error) {
  // The message names the context key, so the stack trace adds nothing.
  if (!(error instanceof StackConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
