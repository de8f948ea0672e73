import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readChartLibrary } from "#evaluation/report/chart-library.ts";
import { renderReport } from "#evaluation/report/render-report.ts";
import { handMadeReport } from "./hand-made-report.ts";
import { EVIL_MODEL, maliciousReport } from "./malicious-report.ts";
import { chartSpecsOf, markupOf } from "./page-text.ts";

/**
 * Returns the attributes of every start tag in `markup` as [name, value]
 * pairs. Values are read only inside quotes, so text such as " src=x"
 * inside an escaped attribute value is not taken for an attribute.
 */
function attributesOf(markup: string): [string, string][] {
  const attributes: [string, string][] = [];
  for (const tag of markup.matchAll(/<[a-z][^>]*>/gi)) {
    const pattern = /\s([\w-]+)(?:\s*=\s*"([^"]*)")?/g;
    const inner = tag[0].replace(/^<[a-z][\w-]*/i, "").replace(/>$/, "");
    for (const match of inner.matchAll(pattern)) {
      attributes.push([(match[1] ?? "").toLowerCase(), match[2] ?? ""]);
    }
  }
  return attributes;
}

function valuesOf(markup: string, name: string): string[] {
  return attributesOf(markup)
    .filter(([attribute]) => attribute === name)
    .map(([, value]) => value);
}

describe("renderReport escaping", () => {
  const page = renderReport(maliciousReport());
  const markup = markupOf(page);

  it("keeps exactly its own three script elements", () => {
    expect(markup.match(/<script/gi)).toHaveLength(3);
  });

  it("escapes data text in the markup", () => {
    expect(markup).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(markup).toContain(
      "&lt;/script&gt;&lt;script&gt;alert(&#39;reason&#39;)&lt;/script&gt;",
    );
    expect(markup).toContain("&quot;&gt;&lt;svg onload=alert(2)&gt;");
    expect(markup).toContain("<code>&lt;b&gt;bold&lt;/b&gt;</code>");
    expect(markup).toContain("&lt;i&gt;old&lt;/i&gt;");
    expect(markup).toContain("&lt;u&gt;metric&lt;/u&gt;");
  });

  it("adds no element from data to the markup", () => {
    expect(markup).not.toMatch(/<(img|svg|b|i|u)[\s>]/i);
    const names = attributesOf(markup).map(([name]) => name);

    expect(names.filter((name) => name.startsWith("on"))).toEqual([]);
    expect(names).not.toContain("src");
  });

  it("embeds chart data that cannot end its script", () => {
    const json = page.slice(
      page.indexOf('id="chart-specs">') + 'id="chart-specs">'.length,
      page.indexOf("</script>", page.indexOf('id="chart-specs">')),
    );

    expect(json).not.toMatch(/[<>]/);
    expect(JSON.stringify(chartSpecsOf(page))).toContain(EVIL_MODEL);
    expect(JSON.stringify(chartSpecsOf(page))).toContain("</script><!--");
  });
});

describe("renderReport resources", () => {
  const page = renderReport(handMadeReport());
  const markup = markupOf(page);

  it("loads no file by src or href", () => {
    const hrefs = valuesOf(markup, "href");

    expect(valuesOf(markup, "src")).toEqual([]);
    expect(hrefs).toHaveLength(8);
    for (const href of hrefs) {
      expect(href).toMatch(/^#[\w-]+$/);
    }
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(markup).not.toMatch(/@import|url\(/i);
  });

  it("names no http(s) URL outside the Chart.js comments", () => {
    const ownText = page.replace(readChartLibrary(), "");

    expect(ownText).not.toMatch(/https?:\/\//i);
  });

  it("inlines Chart.js without its source map link", () => {
    expect(page).toContain(readChartLibrary());
    expect(readChartLibrary()).toContain("Chart.js v4");
    expect(readChartLibrary()).not.toContain("sourceMappingURL");
  });

  it("allows only its own scripts by hash", () => {
    const scripts = [...page.matchAll(/<script>(.*?)<\/script>/gs)].map(
      (m) => m[1] ?? "",
    );
    const hashes = scripts.map(
      (s) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`,
    );

    expect(scripts).toHaveLength(2);
    expect(markup).toContain(
      '<meta http-equiv="Content-Security-Policy" content="' +
        `default-src 'none'; script-src ${hashes.join(" ")}; `,
    );
  });
});
