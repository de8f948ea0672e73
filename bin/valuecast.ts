import { readFileSync } from "node:fs";
import { Command } from "commander";
import { ValuecastError } from "#shared/errors.ts";
import { registerBaselineCommand } from "./commands/baseline.ts";
import { registerIngestCommand } from "./commands/ingest.ts";
import { registerRunCommand } from "./commands/run.ts";

const program = new Command("valuecast")
  .description(
    "Predict what each customer of a shop is worth from its order exports.",
  )
  .version(packageVersion())
  .showHelpAfterError();

function packageVersion(): string {
  const path = new URL("../package.json", import.meta.url);
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string })
    .version;
}

registerRunCommand(program);
registerIngestCommand(program);
registerBaselineCommand(program);

try {
  await program.parseAsync();
} catch (error) {
  const message = userMessage(error);
  if (message === null) throw error;
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 1;
}

/**
 * Returns the message to show for an error the user can fix (our own, or a
 * file system error such as a missing folder), or null for a bug, whose
 * stack trace is worth seeing.
 */
function userMessage(error: unknown): string | null {
  if (error instanceof ValuecastError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const fileErrors = [
    "ENOENT",
    "ENOTDIR",
    "EISDIR",
    "EACCES",
    "EEXIST",
    "ENOSPC",
  ];
  if (code && fileErrors.includes(code)) {
    return `${(error as Error).message}. Check the paths given to --orders and --workdir.`;
  }
  return null;
}
