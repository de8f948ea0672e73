import { chmod, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HmacKeyMismatchError } from "#ingest/errors.ts";
import { keyFingerprint } from "#ingest/identity.ts";
import { writeManifest } from "#ingest/manifest.ts";
import { loadIngestSettings } from "#ingest/settings.ts";
import { checkRunInputs } from "#pipeline/inputs.ts";
import { ConfigError, InputError } from "#shared/errors.ts";
import { useTempDirs, writeLines } from "../../helpers/workdir.ts";

const tempDir = useTempDirs();
const KEY = "test-key-0123456789abcdef0123456789";
const SETTINGS = loadIngestSettings({}, { VALUECAST_ID_HMAC_KEY: KEY });
const ORDERS = ["order_id,customer_id,order_ts,amount", "o1,c1,2024-03-01,10"];

describe("checkRunInputs", () => {
  it("accepts a file and a new workdir", async () => {
    const dir = await tempDir();
    const orders = await writeLines(dir, "orders.csv", ORDERS);
    const workdir = join(dir, "work");

    await expect(
      checkRunInputs(orders, workdir, SETTINGS),
    ).resolves.toBeUndefined();
    expect(await readdir(dir)).toEqual(["orders.csv"]);
  });

  it("rejects a missing order file", async () => {
    const dir = await tempDir();
    const orders = join(dir, "ordres.csv");
    const check = checkRunInputs(orders, join(dir, "work"), SETTINGS);

    await expect(check).rejects.toBeInstanceOf(InputError);
    await expect(check).rejects.toThrow(
      `Order source ${orders} not found: pass an existing file or folder ` +
        "to --orders.",
    );
  });

  it("rejects a folder without files", async () => {
    const dir = await tempDir();
    const drops = join(dir, "drops");
    await mkdir(join(drops, "archive"), { recursive: true });
    const check = checkRunInputs(drops, join(dir, "work"), SETTINGS);

    await expect(check).rejects.toBeInstanceOf(InputError);
    await expect(check).rejects.toThrow(
      `Folder ${drops} contains no order files, only 1 subfolder ` +
        "(archive), and subfolders are not read.",
    );
  });

  it("names every subfolder of a folder without files", async () => {
    const dir = await tempDir();
    const drops = join(dir, "drops");
    await mkdir(join(drops, "2024"), { recursive: true });
    await mkdir(join(drops, "2025"));
    const check = checkRunInputs(drops, join(dir, "work"), SETTINGS);

    await expect(check).rejects.toThrow(
      `Folder ${drops} contains no order files, only 2 subfolders ` +
        "(2024, 2025), and subfolders are not read.",
    );
  });

  // Root may read any file, so this case can only be checked as another user.
  it.skipIf(process.getuid?.() === 0)(
    "rejects an unreadable order file",
    async () => {
      const dir = await tempDir();
      const orders = await writeLines(dir, "orders.csv", ORDERS);
      await chmod(orders, 0o000);
      const check = checkRunInputs(orders, join(dir, "work"), SETTINGS);

      await expect(check).rejects.toBeInstanceOf(InputError);
      await expect(check).rejects.toThrow(
        `Order file ${orders} cannot be read (EACCES): give the user ` +
          "running valuecast read access to it, or pass another file to " +
          "--orders.",
      );
    },
  );

  it("rejects a workdir that is a file", async () => {
    const dir = await tempDir();
    const orders = await writeLines(dir, "orders.csv", ORDERS);
    const workdir = join(dir, "work");
    await writeFile(workdir, "");
    const check = checkRunInputs(orders, workdir, SETTINGS);

    await expect(check).rejects.toBeInstanceOf(ConfigError);
    await expect(check).rejects.toThrow(
      `Invalid --workdir ${workdir}: it exists and is not a folder. Pass ` +
        "a folder, or a path that does not exist yet, to --workdir.",
    );
  });

  it("rejects a lake built with another key", async () => {
    const dir = await tempDir();
    const orders = await writeLines(dir, "orders.csv", ORDERS);
    const workdir = join(dir, "work");
    const otherKey = "other-key-0123456789abcdef01234567";
    await writeManifest(workdir, {
      files: [],
      idKeyFingerprint: keyFingerprint(otherKey),
    });
    const check = checkRunInputs(orders, workdir, SETTINGS);

    await expect(check).rejects.toBeInstanceOf(HmacKeyMismatchError);
    await expect(check).rejects.toThrow(
      `another VALUECAST_ID_HMAC_KEY (fingerprint ${keyFingerprint(otherKey)})`,
    );
  });

  it("accepts a lake built with the same key", async () => {
    const dir = await tempDir();
    const orders = await writeLines(dir, "orders.csv", ORDERS);
    const workdir = join(dir, "work");
    await writeManifest(workdir, {
      files: [],
      idKeyFingerprint: keyFingerprint(KEY),
    });

    await expect(
      checkRunInputs(orders, workdir, SETTINGS),
    ).resolves.toBeUndefined();
  });
});
