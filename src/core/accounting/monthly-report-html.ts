import { formatScaled, roundHalfEvenDiv, satsToBtcText } from './exact-units.ts';
import { bpsText, type Change, type MonthlyReport } from './monthly-report.ts';
import { revenueStackHtml } from './revenue-stack-html.ts';

interface Bar {
  readonly label: string;
  /** Value for the bar length (a display figure; exact values are printed beside it). */
  readonly value: number;
  readonly text: string;
}

/** A self-contained HTML page (inline CSS and SVG, no external assets) of the monthly report. */
export function monthlyReportToHtml(report: MonthlyReport): string {
  const t = report.total;
  const btc = (sats: bigint) => satsToBtcText(sats);
  const usd = (micro: bigint) => usdText(micro);
  const kpis: [string, string][] = [
    ['BTC mined', btc(t.btcMinedSats)],
    ['Avg operating hashrate', `${t.avgOperatingHashrateThs} TH/s of ${fmt(t.deployedHashrateThs)} deployed`],
    ['Energy used', `${formatScaled(t.energyUsedWh / 1000n, 3)} MWh`],
    ['Energy cost', usd(t.energyCostMicroUsd)],
    ['All-in energy cost per BTC', t.costPerBtcMicroUsd === undefined ? 'n/a' : usd(t.costPerBtcMicroUsd)],
    ['Green share', t.greenShareBps === undefined ? 'n/a' : `${bpsText(t.greenShareBps)} %`],
    ['Revenue', usd(t.revenueMicroUsd)],
  ];
  const siteRows = report.sites
    .map(
      (s) => `<tr><td>${esc(s.siteId)}</td><td>${esc(s.region)}</td><td>${btc(s.btcMinedSats)}</td>
<td>${s.avgOperatingHashrateThs}</td><td>${fmt(s.deployedHashrateThs)}</td><td>${bpsText(s.operatingShareBps)}</td>
<td>${formatScaled(s.energyUsedWh / 1000n, 3)}</td><td>${usd(s.energyCostMicroUsd)}</td>
<td>${s.costPerBtcMicroUsd === undefined ? '' : usd(s.costPerBtcMicroUsd)}</td><td>${bpsText(s.greenShareBps)}</td>
<td>${usd(s.miningMicroUsd)}</td><td>${usd(s.gpuMicroUsd)}</td><td>${usd(s.exportMicroUsd)}</td></tr>`,
    )
    .join('\n');
  const regionRows = report.regions
    .map(
      (r) =>
        `<tr><td>${esc(r.region)}</td><td>${esc(r.siteIds.join(', '))}</td><td>${btc(r.btcMinedSats)}</td><td>${usd(r.energyCostMicroUsd)}</td><td>${bpsText(r.greenShareBps)}</td></tr>`,
    )
    .join('\n');
  const mom = report.monthOverMonth;
  const momRows = mom
    ? [
        changeRow('BTC mined', mom.btcMinedSats, btc),
        changeRow('Energy cost', mom.energyCostMicroUsd, usd),
        changeRow('Revenue', mom.revenueMicroUsd, usd),
        changeRow('Energy used (MWh)', mom.energyUsedWh, (wh) => formatScaled(wh / 1000n, 3)),
        mom.costPerBtcMicroUsd ? changeRow('Cost per BTC', mom.costPerBtcMicroUsd, usd) : '',
      ].join('\n')
    : '';
  const charts = [
    barChart(
      'BTC mined by site',
      report.sites.map((s) => ({
        label: s.siteId,
        value: Number(s.btcMinedSats),
        text: btc(s.btcMinedSats),
      })),
    ),
    barChart(
      'Energy cost by site (USD)',
      report.sites.map((s) => ({
        label: s.siteId,
        value: Number(s.energyCostMicroUsd),
        text: usd(s.energyCostMicroUsd),
      })),
    ),
    barChart('Revenue by workload (USD)', [
      { label: 'mining', value: Number(t.miningMicroUsd), text: usd(t.miningMicroUsd) },
      { label: 'AI / GPU (simulated)', value: Number(t.gpuMicroUsd), text: usd(t.gpuMicroUsd) },
      ...(report.leases?.total.byTier ?? []).map((tier) => ({
        label: `AI lease: ${tier.tier}`,
        value: Number(tier.revenueMicroUsd),
        text: usd(tier.revenueMicroUsd),
      })),
      { label: 'exports', value: Number(t.exportMicroUsd), text: usd(t.exportMicroUsd) },
      { label: 'DR credits', value: Number(t.drCreditsMicroUsd), text: usd(t.drCreditsMicroUsd) },
    ]),
    dailyChart(report),
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Production report ${esc(report.month)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
td:first-child,th:first-child{text-align:left}.kpi{display:inline-block;margin:.5rem 1.5rem .5rem 0}
.kpi b{display:block;font-size:1.3rem}svg{margin:1rem 1rem 0 0;vertical-align:top}
</style></head><body>
<h1>Production report ${esc(report.month)}</h1>
<p>Strategy <code>${esc(report.strategy)}</code>. BTC in BTC (exact sats), money in USD (exact micro-USD, shown to cents). Estimates from the backtest settlement, converted once per site-day (ADR 0004).</p>
<div>${kpis.map(([k, v]) => `<div class="kpi">${esc(k)}<b>${esc(v)}</b></div>`).join('')}</div>
${charts}
<h2>Sites</h2>
<table><tr><th>site</th><th>region</th><th>BTC mined</th><th>avg TH/s</th><th>deployed TH/s</th><th>operating %</th><th>energy MWh</th><th>energy cost</th><th>cost / BTC</th><th>green %</th><th>mining</th><th>AI</th><th>exports</th></tr>
${siteRows}</table>
<h2>Regions</h2>
<table><tr><th>region</th><th>sites</th><th>BTC mined</th><th>energy cost</th><th>green %</th></tr>
${regionRows}</table>
${leaseAndDrSections(report)}
${mom ? `<h2>Month over month (vs ${esc(mom.previousMonth)})</h2><table><tr><th>figure</th><th>previous</th><th>current</th><th>change</th><th>%</th></tr>${momRows}</table>` : '<p>No previous month in the data: no month-over-month change.</p>'}
${report.notes.length > 0 ? `<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

/** GPU leases by tier and site, and demand-response events (empty when the month has none). */
function leaseAndDrSections(report: MonthlyReport): string {
  const usd = usdText;
  const parts: string[] = [];
  const leases = report.leases;
  if (leases) {
    const tierRows = leases.total.byTier
      .map((t) => `<tr><td>${esc(t.tier)}</td><td>${t.gpuHours}</td><td>${usd(t.revenueMicroUsd)}</td></tr>`)
      .join('');
    const siteRows = leases.sites
      .map(
        (s) =>
          `<tr><td>${esc(s.siteId)}</td><td>${s.gpuHours}</td><td>${bpsText(s.utilisationBps)}</td><td>${usd(s.revenueMicroUsd)}</td></tr>`,
      )
      .join('');
    parts.push(`<h2>AI leases (marketplace)</h2>
<p>${leases.total.gpuHours} GPU-hours sold, utilisation ${bpsText(leases.total.utilisationBps) || 'n/a'} %, revenue ${usd(leases.total.revenueMicroUsd)}.</p>
<table><tr><th>tier</th><th>GPU-hours</th><th>revenue</th></tr>${tierRows}</table>
<table><tr><th>site</th><th>GPU-hours</th><th>utilisation %</th><th>revenue</th></tr>${siteRows}</table>`);
  }
  if (report.drEvents.length > 0) {
    const rows = report.drEvents
      .map(
        (e) =>
          `<tr><td>${esc(e.siteId)}</td><td>${esc(e.eventId)}</td><td>${esc(e.source)}</td><td>${esc(e.from)}</td><td>${esc(e.to)}</td><td>${formatScaled(e.curtailedWh / 1000n, 3)}</td><td>${e.creditMicroUsdPerMwh === undefined ? 'none' : usd(e.creditMicroUsdPerMwh)}</td><td>${usd(e.creditMicroUsd)}</td></tr>`,
      )
      .join('');
    parts.push(`<h2>Demand response</h2>
<table><tr><th>site</th><th>event</th><th>source</th><th>from</th><th>to</th><th>curtailed MWh</th><th>credit / MWh</th><th>credit</th></tr>${rows}</table>`);
  }
  parts.push(revenueStackHtml(report));
  return parts.join('\n');
}

function changeRow(label: string, c: Change, show: (v: bigint) => string): string {
  return `<tr><td>${esc(label)}</td><td>${show(c.previous)}</td><td>${show(c.current)}</td><td>${show(c.difference)}</td><td>${bpsText(c.changeBps)}</td></tr>`;
}

function barChart(title: string, bars: readonly Bar[]): string {
  const width = 460;
  const rowH = 22;
  const labelW = 140;
  const textW = 120;
  const max = Math.max(1, ...bars.map((b) => Math.abs(b.value)));
  const height = 30 + bars.length * rowH;
  const rows = bars
    .map((b, i) => {
      const y = 24 + i * rowH;
      const w = Math.max(0, ((width - labelW - textW) * Math.abs(b.value)) / max);
      return `<text x="0" y="${y + 14}" font-size="12">${esc(b.label)}</text><rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${b.value < 0 ? '#c44' : '#f7931a'}"/><text x="${(labelW + w + 4).toFixed(1)}" y="${y + 14}" font-size="12">${esc(b.text)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${esc(title)}"><text x="0" y="14" font-size="14" font-weight="bold">${esc(title)}</text>${rows}</svg>`;
}

function dailyChart(report: MonthlyReport): string {
  const width = 420;
  const height = 180;
  const pad = 30;
  const days = report.dailyBtcSats;
  if (days.length === 0) return '';
  const max = Math.max(1, ...days.map((d) => Number(d.sats)));
  const step = days.length > 1 ? (width - 2 * pad) / (days.length - 1) : 0;
  const points = days
    .map(
      (d, i) =>
        `${(pad + i * step).toFixed(1)},${(height - pad - ((height - 2 * pad) * Number(d.sats)) / max).toFixed(1)}`,
    )
    .join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="BTC mined per day"><text x="0" y="14" font-size="14" font-weight="bold">BTC mined per day (fleet)</text><polyline fill="none" stroke="#f7931a" stroke-width="2" points="${points}"/><line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#999"/><text x="${pad}" y="${height - 10}" font-size="11">${esc(days[0]!.date)}</text><text x="${width - pad}" y="${height - 10}" font-size="11" text-anchor="end">${esc(days[days.length - 1]!.date)}</text><text x="${pad}" y="${pad - 4}" font-size="11">max ${satsToBtcText(BigInt(max))} BTC</text></svg>`;
}

/** Micro-USD shown to cents, half-even (display only; JSON and CSV keep micro-USD). */
function usdText(micro: bigint): string {
  return `$${formatScaled(roundHalfEvenDiv(micro, 10_000n), 2)}`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
