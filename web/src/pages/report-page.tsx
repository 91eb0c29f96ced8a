import { useState } from 'react';
import { useCapabilities } from '../api/capabilities.ts';
import { api, apiText, messageOf } from '../api/client.ts';
import type { ActualsReport, FleetStatus } from '../api/types.ts';
import { Loading, Notice } from '../components/notice.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { monthOf } from '../format.ts';
import { usePoll } from '../hooks/use-poll.ts';
import { ActualsFigures } from './report/actuals-figures.tsx';
import { ReportFigures, type ReportJson } from './report/report-figures.tsx';

/** The monthly production report: its figures (JSON) and the report itself (HTML, embedded). */
export function ReportPage() {
  const caps = useCapabilities();
  const status = usePoll((signal) => api<FleetStatus>('/fleet/status', { signal }), 'fleet', 30_000);
  const [month, setMonth] = useState<string>();
  const [report, setReport] = useState<{
    month: string;
    json?: ReportJson;
    html?: string;
    actuals?: ActualsReport;
    error?: string;
  }>();
  const [busy, setBusy] = useState(false);
  const chosen = month ?? (status.data ? monthOf(status.data.nowMs) : '');
  const build = async () => {
    setBusy(true);
    setReport({ month: chosen });
    try {
      const path = `/reports/monthly/${encodeURIComponent(chosen)}`;
      const [json, html, actuals] = await Promise.all([
        api<ReportJson>(`${path}?format=json`),
        apiText(`${path}?format=html`),
        // The books on actuals beside the simulation; the simulated report still shows without them.
        api<ActualsReport>(`/reports/actuals/${encodeURIComponent(chosen)}`).catch(() => undefined),
      ]);
      setReport({ month: chosen, json, html, ...(actuals ? { actuals } : {}) });
    } catch (e) {
      setReport({ month: chosen, error: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };
  const t = status.data?.totals;
  return (
    <section>
      <h1>Monthly report</h1>
      {t ? (
        <div className="stats">
          <StatCard
            label="BTC this month (live)"
            value={`${t.btcMonth.toFixed(3)} BTC`}
            detail={`${t.btcMonthCredited.toFixed(3)} credited by the pools, ${t.btcMonthEstimated.toFixed(3)} estimated from measured hashrate for days not credited yet`}
          />
        </div>
      ) : null}
      {!caps ? (
        <Loading what="the report API" />
      ) : !caps.reports ? (
        <Notice kind="info">
          This server does not offer the report API yet. The same report is written by{' '}
          <code>switchyard report --month YYYY-MM --fleet FILE --out DIR</code>.
        </Notice>
      ) : (
        <form
          className="card inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void build();
          }}
        >
          <label htmlFor="report-month">Month (UTC)</label>
          <input
            id="report-month"
            type="month"
            value={chosen}
            onChange={(e) => setMonth(e.target.value)}
            required
          />
          <button type="submit" className="primary" disabled={busy || !chosen}>
            {busy ? 'Building…' : 'Show the report'}
          </button>
        </form>
      )}
      {report?.error ? <Notice kind="error">{report.error}</Notice> : null}
      {busy ? <Loading what={`the report for ${report?.month}`} /> : null}
      {report?.actuals ? (
        <ActualsFigures actuals={report.actuals} {...(report.json ? { whatIf: report.json } : {})} />
      ) : null}
      {report?.json ? <ReportFigures report={report.json} /> : null}
      {report?.html ? (
        <iframe
          className="report-frame"
          title={`Production report ${report.month}`}
          sandbox=""
          srcDoc={report.html}
        />
      ) : null}
    </section>
  );
}
