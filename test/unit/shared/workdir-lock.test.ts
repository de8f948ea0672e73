import { spawnSync } from "node:child_process";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryReporter } from "#shared/progress.ts";
import {
  isRunning,
  LOCK_FILE,
  type LockHolder,
  lockWorkdir,
  WorkdirLockedError,
} from "#shared/workdir-lock.ts";
import { useTempDirs } from "../../helpers/workdir.ts";

const tempDir = useTempDirs();

/** Returns the pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (child.pid === undefined) throw new Error("node did not start");
  return child.pid;
}

function holder(fields: Partial<LockHolder>): LockHolder {
  return {
    pid: process.ppid,
    hostname: hostname(),
    command: "ingest",
    startedAt: "2030-01-01T00:00:00.000Z",
    token: "other-token",
    ...fields,
  };
}

async function writeLock(workdir: string, fields: Partial<LockHolder>) {
  await writeFile(join(workdir, LOCK_FILE), JSON.stringify(holder(fields)));
}

async function readLock(workdir: string): Promise<LockHolder> {
  return JSON.parse(await readFile(join(workdir, LOCK_FILE), "utf8"));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe("lockWorkdir", () => {
  it("writes the holder to the lock file", async () => {
    const workdir = join(await tempDir(), "new");

    const lock = await lockWorkdir(workdir, "run", new MemoryReporter());
    const written = await readLock(workdir);

    expect(written.pid).toBe(process.pid);
    expect(written.hostname).toBe(hostname());
    expect(written.command).toBe("run");
    expect(written.token).toBe(lock.holder.token);
    expect(Number.isNaN(Date.parse(written.startedAt))).toBe(false);
    await lock.release();
  });

  it("removes the lock file on release", async () => {
    const workdir = await tempDir();
    const lock = await lockWorkdir(workdir, "ingest", new MemoryReporter());

    await lock.release();
    await lock.release();

    expect(await exists(join(workdir, LOCK_FILE))).toBe(false);
  });

  it("rejects a second lock", async () => {
    const workdir = await tempDir();
    const first = await lockWorkdir(workdir, "ingest", new MemoryReporter());

    const second = lockWorkdir(workdir, "run", new MemoryReporter());

    await expect(second).rejects.toThrow(WorkdirLockedError);
    await expect(second).rejects.toThrow(
      `Workdir ${workdir} is locked by valuecast ingest (pid ${process.pid} ` +
        `on host ${hostname()}, started ${first.holder.startedAt}), and only ` +
        "one command at a time may write a workdir. Wait for that command " +
        `to finish and try again. If process ${process.pid} is not a ` +
        `running valuecast command, remove the lock file ` +
        `${join(workdir, LOCK_FILE)}.`,
    );
    expect((await readLock(workdir)).token).toBe(first.holder.token);
    await first.release();
  });

  it("locks again after a release", async () => {
    const workdir = await tempDir();
    const first = await lockWorkdir(workdir, "ingest", new MemoryReporter());
    await first.release();

    const second = await lockWorkdir(workdir, "run", new MemoryReporter());

    expect((await readLock(workdir)).token).toBe(second.holder.token);
    await second.release();
  });

  it("lets one of many callers lock", async () => {
    const workdir = await tempDir();

    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        lockWorkdir(workdir, "ingest", new MemoryReporter()),
      ),
    );
    const holders = results.filter((result) => result.status === "fulfilled");
    const rejected = results.filter((result) => result.status === "rejected");

    expect(holders).toHaveLength(1);
    for (const result of rejected) {
      expect(result.reason).toBeInstanceOf(WorkdirLockedError);
    }
    await holders[0]?.value.release();
  });

  it("rejects a live process's lock", async () => {
    const workdir = await tempDir();
    await writeLock(workdir, { pid: process.ppid });

    const lock = lockWorkdir(workdir, "run", new MemoryReporter());

    await expect(lock).rejects.toThrow(
      `is locked by valuecast ingest (pid ${process.ppid} on host ` +
        `${hostname()}, started 2030-01-01T00:00:00.000Z)`,
    );
    expect((await readLock(workdir)).token).toBe("other-token");
  });

  it("takes over a dead process's lock", async () => {
    const workdir = await tempDir();
    const pid = deadPid();
    await writeLock(workdir, { pid });
    const reporter = new MemoryReporter();

    const lock = await lockWorkdir(workdir, "run", reporter);

    expect((await readLock(workdir)).token).toBe(lock.holder.token);
    expect(reporter.lines).toEqual([
      `warning: taking over the lock of workdir ${workdir} from process ` +
        `${pid} (valuecast ingest, started 2030-01-01T00:00:00.000Z), ` +
        "which is no longer running. A command stopped that way can leave " +
        "files that no manifest or registry lists.",
    ]);
    expect(await exists(join(workdir, `${LOCK_FILE}.takeover`))).toBe(false);
    await lock.release();
  });

  it("lets one of many callers take over", async () => {
    const workdir = await tempDir();
    await writeLock(workdir, { pid: deadPid() });

    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        lockWorkdir(workdir, "ingest", new MemoryReporter()),
      ),
    );
    const holders = results.filter((result) => result.status === "fulfilled");

    expect(holders).toHaveLength(1);
    expect((await readLock(workdir)).token).toBe(
      holders[0]?.value.holder.token,
    );
    await holders[0]?.value.release();
  });

  it("keeps another host's lock", async () => {
    const workdir = await tempDir();
    await writeLock(workdir, { pid: deadPid(), hostname: "other-host" });

    const lock = lockWorkdir(workdir, "run", new MemoryReporter());

    await expect(lock).rejects.toThrow(
      "If that command is no longer running on other-host, remove the lock " +
        `file ${join(workdir, LOCK_FILE)}.`,
    );
    expect((await readLock(workdir)).hostname).toBe("other-host");
  });

  it("names a takeover left unfinished", async () => {
    const workdir = await tempDir();
    await writeLock(workdir, { pid: deadPid() });
    const guard = join(workdir, `${LOCK_FILE}.takeover`);
    await writeFile(guard, "");

    const lock = lockWorkdir(workdir, "run", new MemoryReporter());

    await expect(lock).rejects.toThrow(WorkdirLockedError);
    await expect(lock).rejects.toThrow(
      `remove ${guard} and ${join(workdir, LOCK_FILE)}.`,
    );
  });

  it.each([
    ["empty", ""],
    ["not JSON", "{"],
    ["JSON null", "null"],
    ["without a pid", JSON.stringify({ command: "run" })],
  ])("rejects a lock file that is %s", async (_case, text) => {
    const workdir = await tempDir();
    await writeFile(join(workdir, LOCK_FILE), text);

    const lock = lockWorkdir(workdir, "run", new MemoryReporter());

    await expect(lock).rejects.toThrow(WorkdirLockedError);
    await expect(lock).rejects.toThrow(
      `its lock file ${join(workdir, LOCK_FILE)} is empty or invalid`,
    );
    expect(await readFile(join(workdir, LOCK_FILE), "utf8")).toBe(text);
  });

  it("rejects a folder as lock file", async () => {
    const workdir = await tempDir();
    await mkdir(join(workdir, LOCK_FILE));

    const lock = lockWorkdir(workdir, "run", new MemoryReporter());

    await expect(lock).rejects.toThrow(WorkdirLockedError);
    await expect(lock).rejects.toThrow(
      `The lock file ${join(workdir, LOCK_FILE)} is a folder`,
    );
  });

  it("leaves a replaced lock file", async () => {
    const workdir = await tempDir();
    const reporter = new MemoryReporter();
    const lock = await lockWorkdir(workdir, "run", reporter);
    await writeLock(workdir, { token: "replaced" });

    await lock.release();

    expect((await readLock(workdir)).token).toBe("replaced");
    expect(reporter.lines).toEqual([
      `warning: the lock file ${join(workdir, LOCK_FILE)} is no longer ` +
        "this process's lock, so it is left in place.",
    ]);
  });
});

describe("WorkdirLock.checkHolds", () => {
  it("accepts its own workdir", async () => {
    const workdir = await tempDir();
    const lock = await lockWorkdir(workdir, "run", new MemoryReporter());

    expect(() => lock.checkHolds(join(workdir, "."))).not.toThrow();
    await lock.release();
  });

  it("rejects another workdir", async () => {
    const workdir = await tempDir();
    const other = await tempDir();
    const lock = await lockWorkdir(workdir, "run", new MemoryReporter());

    expect(() => lock.checkHolds(other)).toThrow(
      `does not cover workdir ${other}`,
    );
    await lock.release();
  });

  it("rejects a released lock", async () => {
    const workdir = await tempDir();
    const lock = await lockWorkdir(workdir, "run", new MemoryReporter());
    await lock.release();

    expect(() => lock.checkHolds(workdir)).toThrow("(released: true)");
  });
});

describe("isRunning", () => {
  it("finds this process", () => {
    expect(isRunning(process.pid)).toBe(true);
  });

  it("does not find an exited process", () => {
    expect(isRunning(deadPid())).toBe(false);
  });
});
