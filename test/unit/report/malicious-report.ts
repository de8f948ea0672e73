import type { ReportData } from "#evaluation/report/report-data.ts";
import { handMadeReport } from "./hand-made-report.ts";

export const EVIL_MODEL = "<img src=x onerror=alert(1)>";
const EVIL_REASON = "</script><script>alert('reason')</script>";
const EVIL_CANDIDATE = '"><svg onload=alert(2)>';
const EVIL_CODE = "<b>bold</b>";

/** Returns the hand-made report with markup in every text from data. */
export function maliciousReport(): ReportData {
  const data = handMadeReport();
  const rename = (name: string) => (name === "deep model" ? EVIL_MODEL : name);
  data.runId = "<script>alert('run')</script>";
  data.models = data.models.map((m) => ({ ...m, name: rename(m.name) }));
  data.gain = data.gain.map((s) => ({ ...s, label: rename(s.label) }));
  data.deciles = data.deciles.map((d) => ({ ...d, model: rename(d.model) }));
  data.purchasesByFrequency.predicted = data.purchasesByFrequency.predicted.map(
    (p) => ({ ...p, model: rename(p.model) }),
  );
  data.purchasesByFrequency.labels[0] = "</script><!--";
  data.weeklyRepeatPurchases.series = data.weeklyRepeatPurchases.series.map(
    (s) => ({ ...s, label: rename(s.label) }),
  );
  data.data.quarantinedByReason = { [EVIL_CODE]: 3 };
  data.promotion = {
    ...data.promotion,
    candidate: EVIL_CANDIDATE,
    previousProduction: "<i>old</i>",
    reason: EVIL_REASON,
    primaryMetric: "<u>metric</u>",
  };
  return data;
}
