import { type MonthlyReport, monthlyReportToCsv, monthlyReportToJson } from './monthly-report.ts';
import { monthlyReportToHtml } from './monthly-report-html.ts';

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A rendered report: what `switchyard report --out` writes and `GET /api/v1/reports/monthly/:month` sends. */
export interface ReportDocument {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: string;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** The report in one format, named `report-YYYY-MM.<format>`. */
export function renderMonthlyReport(report: MonthlyReport, format: ReportFormat): ReportDocument {
  const body =
    format === 'json'
      ? monthlyReportToJson(report)
      : format === 'csv'
        ? monthlyReportToCsv(report)
        : monthlyReportToHtml(report);
  return { fileName: `report-${report.month}.${format}`, contentType: CONTENT_TYPES[format], body };
}
