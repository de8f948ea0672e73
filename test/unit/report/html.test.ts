import { describe, expect, it } from "vitest";
import { escapeHtml, jsonForScript } from "#evaluation/report/html.ts";

describe("escapeHtml", () => {
  it("escapes the five markup characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });

  it("leaves other text unchanged", () => {
    expect(escapeHtml("BG/NBD + Gamma-Gamma, 12.3% ×")).toBe(
      "BG/NBD + Gamma-Gamma, 12.3% ×",
    );
  });
});

describe("jsonForScript", () => {
  it("escapes what could end or comment out a script", () => {
    const value = { label: "</script><!-- & \u2028" };

    const json = jsonForScript(value);

    expect(json).toBe(
      '{"label":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}',
    );
    expect(JSON.parse(json)).toEqual(value);
  });

  it("writes NaN and infinities as null", () => {
    expect(jsonForScript([1, Number.NaN, Number.POSITIVE_INFINITY])).toBe(
      "[1,null,null]",
    );
  });
});
