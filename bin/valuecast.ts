import { Command } from "commander";
import { ValuecastError } from "#shared/errors.ts";
import { registerBaselineCommand } from "./commands/baseline.ts";
import { registerIngestCommand } from "./commands/ingest.ts";
import { FORMATS_HELP } from "./commands/options.ts";
import { registerRunCommand } from "./commands/run.ts";

const program = new Command("valuecast")
  .description(
    "Predict what each customer of a shop is worth from its order exports.",
  )
  .showHelpAfterError();

registerRunCommand(program);
registerIngestCommand(program);
registerBaselineCommand(program, FORMATS_HELP);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof ValuecastError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
