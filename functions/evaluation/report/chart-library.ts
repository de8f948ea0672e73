import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ReportError } from "./errors.ts";

let cachedSource: string | undefined;

/**
 * Reads the Chart.js UMD bundle from node_modules once per process, so the
 * page can inline it and draw its charts without any network access.
 *
 * @throws ReportError when the chart.js package is not installed.
 */
export function readChartLibrary(): string {
  cachedSource ??= loadChartLibrary();
  return cachedSource;
}

function loadChartLibrary(): string {
  const require = createRequire(import.meta.url);
  let path = "dist/chart.umd.min.js of the chart.js package";
  let source: string;
  try {
    // The package's exports map hides the UMD bundle, so resolve the main
    // (CommonJS) entry and read the bundle beside it.
    path = join(dirname(require.resolve("chart.js")), "chart.umd.min.js");
    source = readFileSync(path, "utf8");
  } catch (error) {
    throw new ReportError(
      `Failed to read the Chart.js bundle (${path}); run npm install.`,
      { cause: error },
    );
  }

  // The source map comment would make an open developer console request the
  // map file, and a "</script" inside the bundle would end the element.
  return source
    .replace(/^\/\/# sourceMappingURL=.*$/gm, "")
    .replace(/<\/(script)/gi, "<\\/$1");
}
