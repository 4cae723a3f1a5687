import type { ImageReport } from '../image/report.js';

/** The report as JSON; `schemaVersion` changes when a field changes meaning. */
export function renderImageJson(report: ImageReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
