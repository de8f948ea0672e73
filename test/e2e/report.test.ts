import { existsSync } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "#evaluation/report/render-report.ts";
import type { ReportData } from "#evaluation/report/report-data.ts";
import { maliciousReport } from "../unit/report/malicious-report.ts";
import { sampleReport } from "../unit/report/sample-report.ts";

const CHROMIUM = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // No host name resolves, so nothing reaches the network even if the page
  // tried.
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

/** Per canvas: its id, painted pixels and drawn chart elements. */
interface CanvasProbe {
  id: string;
  paintedPixels: number;
  drawnElements: number;
}

/** What a page did while it loaded a report. */
interface PageVisit {
  url: string;
  page: Page;
  requests: string[];
  consoleErrors: string[];
  dialogs: string[];
  canvases: CanvasProbe[];
}

// Runs in the page. It is a string because the project compiles without
// the DOM types.
const PROBE_CANVASES = `Array.from(document.querySelectorAll("canvas"))
  .map((canvas) => {
    const pixels = canvas.getContext("2d")
      .getImageData(0, 0, canvas.width, canvas.height).data;
    let paintedPixels = 0;
    for (let i = 3; i < pixels.length; i += 4) {
      if (pixels[i] !== 0) paintedPixels++;
    }
    const chart = Chart.getChart(canvas);
    const drawnElements = chart === undefined ? 0 : chart.data.datasets
      .reduce((sum, _, i) => sum + chart.getDatasetMeta(i).data.length, 0);
    return { id: canvas.id, paintedPixels, drawnElements };
  })`;

// Tooltips run the page's formatting callbacks, which only a pointer over a
// chart calls.
async function hoverEveryChart(page: Page): Promise<void> {
  for (const canvas of await page.locator("canvas").all()) {
    await canvas.hover({ position: { x: 300, y: 120 } });
  }
}

async function visitReport(
  context: BrowserContext,
  folder: string,
  name: string,
  data: ReportData,
): Promise<PageVisit> {
  const path = join(folder, name);
  await writeFile(path, renderReport(data));
  const page = await context.newPage();
  const visit: PageVisit = {
    url: pathToFileURL(path).href,
    page,
    requests: [],
    consoleErrors: [],
    dialogs: [],
    canvases: [],
  };
  page.on("request", (request) => {
    visit.requests.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") visit.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => {
    visit.consoleErrors.push(error.message);
  });
  page.on("dialog", async (dialog) => {
    visit.dialogs.push(dialog.message());
    await dialog.dismiss();
  });

  await page.goto(visit.url, { waitUntil: "load" });
  visit.canvases = (await page.evaluate(PROBE_CANVASES)) as CanvasProbe[];
  await hoverEveryChart(page);
  return visit;
}

describe("evaluation report in Chromium", () => {
  const data = sampleReport();
  // Gain, frequency, weekly and the two histograms, plus a decile chart
  // per model.
  const expectedCharts = 5 + data.deciles.length;
  let folder = "";
  let screenshot = "";
  let context: BrowserContext | undefined;
  let report: PageVisit;
  let attack: PageVisit;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: run scripts/setup.sh, which installs ` +
          "Debian's chromium package for the end-to-end tests.",
      );
    }
    folder = await mkdtemp(join(tmpdir(), "valuecast-report-"));
    // Set VALUECAST_REPORT_SCREENSHOT to a path to keep the screenshot.
    screenshot =
      process.env.VALUECAST_REPORT_SCREENSHOT ?? join(folder, "report.png");
    context = await chromium.launchPersistentContext(join(folder, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1200, height: 900 },
    });

    report = await visitReport(context, folder, "report.html", data);
    await report.page.screenshot({ path: screenshot, fullPage: true });
    attack = await visitReport(
      context,
      folder,
      "malicious.html",
      maliciousReport(),
    );
  });

  afterAll(async () => {
    await context?.close();
    if (folder !== "") await rm(folder, { recursive: true, force: true });
  });

  it("draws the expected number of charts", () => {
    expect(report.canvases).toHaveLength(expectedCharts);
  });

  it("draws data in every chart", () => {
    for (const canvas of report.canvases) {
      expect(canvas.drawnElements, canvas.id).toBeGreaterThan(0);
      expect(canvas.paintedPixels, canvas.id).toBeGreaterThan(1000);
    }
  });

  it("logs no console error", () => {
    expect(report.consoleErrors).toEqual([]);
  });

  it("requests only the report file", () => {
    expect(report.requests).toEqual([report.url]);
  });

  it("writes a full-page screenshot", async () => {
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
  });

  it("runs no script from data", () => {
    expect(attack.dialogs).toEqual([]);
    expect(attack.consoleErrors).toEqual([]);
    expect(attack.requests).toEqual([attack.url]);
    expect(attack.canvases).toHaveLength(expectedCharts);
  });
});
