import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ValuecastError } from "./errors.ts";
import type { Reporter } from "./progress.ts";

/** Name of the lock file in the workdir. */
export const LOCK_FILE = "valuecast.lock";

/** Contents of a lock file: the process that holds the lock. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** The valuecast command, such as `ingest` or `run`. */
  command: string;
  /** ISO 8601 time the lock was taken. */
  startedAt: string;
  /** Random id of this lock, so a release never removes a later holder's lock. */
  token: string;
}

/** Another process holds the workdir's lock, or its lock file cannot be read. */
export class WorkdirLockedError extends ValuecastError {
  override name = "WorkdirLockedError";
}

/**
 * Maximum attempts to create the lock file. A retry follows a release by
 * the holder or the takeover of a stale lock.
 */
const LOCK_ATTEMPTS = 3;

/**
 * Attempts to read a lock file that another process is still writing.
 * `open(path, "wx")` creates the file empty and the holder writes it right
 * after, so a reader can find it empty for a moment.
 */
const READ_ATTEMPTS = 5;
const READ_RETRY_MS = 50;

/** The lock of one workdir, held by this process until `release`. */
export class WorkdirLock {
  private released = false;

  constructor(
    readonly workdir: string,
    readonly path: string,
    readonly holder: LockHolder,
    private readonly reporter: Reporter,
  ) {}

  /**
   * Throws unless this lock is held and is the lock of `workdir`, so a
   * caller that passes its lock on cannot pass another workdir's.
   */
  checkHolds(workdir: string): void {
    if (this.released || resolve(workdir) !== this.workdir) {
      throw new Error(
        `The lock of ${this.workdir} (released: ${this.released}) does ` +
          `not cover workdir ${resolve(workdir)}.`,
      );
    }
  }

  /**
   * Removes the lock file if it is still this lock's. Calling it again
   * does nothing.
   */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const current = await readHolder(this.path).catch(() => null);
    if (current?.token !== this.holder.token) {
      this.reporter.warn(
        `the lock file ${this.path} is no longer this process's lock, so ` +
          "it is left in place.",
      );
      return;
    }
    await unlink(this.path);
  }
}

/**
 * Runs `body` while holding the workdir's lock (see `lockWorkdir`) and
 * releases the lock when it settles, whether it resolves or throws.
 */
export async function withWorkdirLock<T>(
  workdir: string,
  command: string,
  reporter: Reporter,
  body: (lock: WorkdirLock) => Promise<T>,
): Promise<T> {
  const lock = await lockWorkdir(workdir, command, reporter);
  try {
    return await body(lock);
  } finally {
    await lock.release();
  }
}

/**
 * Takes the lock of a workdir for one valuecast command, so that only one
 * command at a time writes its lake, datasets, models and registry. The
 * lock is the file `valuecast.lock` in the workdir, created with an
 * exclusive open, which fails when the file exists. The workdir is created
 * if it does not exist.
 *
 * A lock whose holder ran on this host and is no longer running (its pid
 * is gone) is taken over with a warning.
 *
 * NOTE: open(2) on Linux makes the exclusive create atomic on NFS only with
 * NFSv3 or later, so on an older network file system two hosts could both
 * take the lock.
 *
 * @throws WorkdirLockedError when another live process holds the lock, or
 *   a holder on another host may still be running. The message names the
 *   holder and what to do. It is also thrown when the lock file is empty or
 *   invalid.
 */
export async function lockWorkdir(
  workdir: string,
  command: string,
  reporter: Reporter,
): Promise<WorkdirLock> {
  const dir = resolve(workdir);
  const path = join(dir, LOCK_FILE);
  await mkdir(dir, { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    command,
    startedAt: new Date().toISOString(),
    token: randomUUID(),
  };
  for (let attempt = 1; attempt <= LOCK_ATTEMPTS; attempt += 1) {
    if (await createLockFile(path, holder)) {
      return new WorkdirLock(dir, path, holder, reporter);
    }
    const current = await readHolderWhenWritten(path, dir);
    // The holder released the lock between the create and the read.
    if (current === null) continue;
    if (!isStale(current)) {
      throw new WorkdirLockedError(lockedMessage(dir, path, current));
    }
    await takeOverStale(dir, path, current, reporter);
  }
  throw new WorkdirLockedError(
    `Workdir ${dir} could not be locked in ${LOCK_ATTEMPTS} attempts, ` +
      `because other valuecast commands took and released its lock file ` +
      `${path} in the meantime. Try again.`,
  );
}

/** Creates the lock file with the holder, or returns false when it exists. */
async function createLockFile(
  path: string,
  holder: LockHolder,
): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder, null, 2)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** Reads a lock file, or returns null when it does not exist. */
async function readHolder(path: string): Promise<LockHolder | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "EISDIR") {
      throw new WorkdirLockedError(
        `The lock file ${path} is a folder, so the workdir cannot be ` +
          "locked. Remove that folder and try again.",
      );
    }
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  // `null` is valid JSON but no holder, and must not read as a missing file.
  if (parsed === null) throw new SyntaxError(`${path} contains null`);
  return parsed as LockHolder;
}

/**
 * Reads a lock file, waiting briefly while it is empty or partly written.
 *
 * @throws WorkdirLockedError when it still cannot be parsed, as after a
 *   crash between its creation and its first write.
 */
async function readHolderWhenWritten(
  path: string,
  workdir: string,
): Promise<LockHolder | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const holder = await readHolder(path);
      if (holder === null || isHolder(holder)) return holder;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
    if (attempt === READ_ATTEMPTS) {
      throw new WorkdirLockedError(
        `Workdir ${workdir} is locked, but its lock file ${path} is empty ` +
          "or invalid. If no valuecast command is running on this workdir, " +
          "remove the lock file and try again.",
      );
    }
    await sleep(READ_RETRY_MS);
  }
}

function isHolder(value: unknown): value is LockHolder {
  const holder = value as Partial<LockHolder> | null;
  return (
    typeof holder === "object" &&
    holder !== null &&
    Number.isInteger(holder.pid) &&
    (holder.pid as number) > 0 &&
    typeof holder.hostname === "string" &&
    typeof holder.command === "string" &&
    typeof holder.startedAt === "string" &&
    typeof holder.token === "string"
  );
}

/**
 * True when the holder ran on this host and its process is gone.
 *
 * NOTE: the host is identified by its name, so containers with the same host
 * name but their own pid namespaces, sharing one workdir, would take over
 * each other's live locks.
 */
function isStale(holder: LockHolder): boolean {
  return holder.hostname === hostname() && !isRunning(holder.pid);
}

/**
 * Checks whether a process of this host is running. EPERM means that it
 * runs under another user.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Removes a stale lock file. A second file, created with an exclusive open,
 * lets one process at a time do this, and the lock file is removed only if
 * it still names the stale holder. So two processes that found the same
 * stale lock never both take it, and neither removes a fresh lock.
 */
async function takeOverStale(
  workdir: string,
  path: string,
  stale: LockHolder,
  reporter: Reporter,
): Promise<void> {
  const guard = `${path}.takeover`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(guard, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw new WorkdirLockedError(
      `Workdir ${workdir} is locked: another valuecast command is taking ` +
        `over the lock left by process ${stale.pid}, which is no longer ` +
        "running. Try again in a moment. If no valuecast command is " +
        `running on this workdir, remove ${guard} and ${path}.`,
    );
  }
  try {
    const current = await readHolder(path).catch(() => null);
    if (current?.token === stale.token) {
      await unlink(path);
      reporter.warn(
        `taking over the lock of workdir ${workdir} from process ` +
          `${stale.pid} (valuecast ${stale.command}, started ` +
          `${stale.startedAt}), which is no longer running. A command ` +
          "stopped that way can leave files that no manifest or registry " +
          "lists.",
      );
    }
  } finally {
    await handle.close();
    await unlink(guard);
  }
}

function lockedMessage(
  workdir: string,
  path: string,
  holder: LockHolder,
): string {
  const holderText =
    `valuecast ${holder.command} (pid ${holder.pid} on host ` +
    `${holder.hostname}, started ${holder.startedAt})`;
  // A pid can be reused, so a running process of that pid may be another
  // program.
  const holderGone =
    holder.hostname === hostname()
      ? `process ${holder.pid} is not a running valuecast command`
      : `that command is no longer running on ${holder.hostname}`;
  return (
    `Workdir ${workdir} is locked by ${holderText}, and only one command ` +
    "at a time may write a workdir. Wait for that command to finish and " +
    `try again. If ${holderGone}, remove the lock file ${path}.`
  );
}
