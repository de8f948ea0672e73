import cliProgress from "cli-progress";

/** Progress of one long step: rows read, epochs, customers scored. */
export interface StepProgress {
  /** Reports `done` of `total` units; `detail` is a short status text. */
  update(done: number, total: number, detail?: string): void;
  /** Ends the step with a one-line result. */
  finish(detail: string): void;
}

/** Receiver of a run's progress, so the domain code never writes to a terminal. */
export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
  start(step: string, unit: string): StepProgress;
}

/**
 * Writes human lines to stderr. On a terminal each step gets a progress bar;
 * elsewhere (CI, pipes) it prints a line at most every `intervalMs`.
 */
export class ConsoleReporter implements Reporter {
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 2000,
  ) {}

  info(message: string): void {
    this.stream.write(`${message}\n`);
  }

  warn(message: string): void {
    this.stream.write(`warning: ${message}\n`);
  }

  start(step: string, unit: string): StepProgress {
    return this.stream.isTTY
      ? this.barProgress(step, unit)
      : this.lineProgress(step, unit);
  }

  private barProgress(step: string, unit: string): StepProgress {
    const bar = new cliProgress.SingleBar(
      {
        stream: this.stream,
        format: `${step.padEnd(9)} [{bar}] {value}/{total} ${unit} {detail}`,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0, { detail: "" });
    return {
      update: (done, total, detail = "") => {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, { detail });
      },
      finish: (detail) => {
        bar.stop();
        this.info(`${step}: ${detail}`);
      },
    };
  }

  private lineProgress(step: string, unit: string): StepProgress {
    let last = Date.now();
    return {
      update: (done, total, detail = "") => {
        if (Date.now() - last < this.intervalMs) return;
        last = Date.now();
        this.info(`${step}: ${done}/${total} ${unit} ${detail}`.trimEnd());
      },
      finish: (detail) => this.info(`${step}: ${detail}`),
    };
  }
}

/** Keeps every message in memory; for tests and for `--quiet` use. */
export class MemoryReporter implements Reporter {
  readonly lines: string[] = [];
  /** Each progress update, as `step: done/total detail`. */
  readonly updates: string[] = [];

  info(message: string): void {
    this.lines.push(message);
  }

  warn(message: string): void {
    this.lines.push(`warning: ${message}`);
  }

  start(step: string): StepProgress {
    return {
      update: (done, total, detail) =>
        this.updates.push(`${step}: ${done}/${total} ${detail ?? ""}`),
      finish: (detail) => this.lines.push(`${step}: ${detail}`),
    };
  }
}
