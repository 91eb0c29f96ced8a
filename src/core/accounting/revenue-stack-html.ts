import { formatScaled, roundHalfEvenDiv } from './exact-units.ts';
import type { MonthlyReport } from './monthly-report.ts';

/** The revenue-stack section of the HTML report (empty without grid programmes). */
export function revenueStackHtml(report: MonthlyReport): string {
  const stack = report.revenueStack;
  if (!stack || stack.length === 0) return '';
  const usd = (micro: bigint) => `$${formatScaled(roundHalfEvenDiv(micro, 10_000n), 2)}`;
  const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = stack
    .map(
      (s) =>
        `<tr><td>${esc(s.siteId)}</td><td>${usd(s.miningMicroUsd)}</td><td>${usd(s.gpuMicroUsd)}</td><td>${usd(s.sellBackMicroUsd)}</td><td>${usd(s.ancillaryMicroUsd)}</td><td>${usd(s.drMicroUsd)}</td><td>${usd(s.fourCpAvoidedMicroUsd)}</td><td>${usd(s.fourCpPaidMicroUsd)}</td><td>${usd(s.energyCostMicroUsd)}</td><td>${usd(s.netMicroUsd)}</td></tr>`,
    )
    .join('');
  return `<h2>Revenue stack (grid programmes)</h2>
<table><tr><th>site</th><th>mining</th><th>GPU</th><th>sell-back</th><th>ancillary</th><th>DR</th><th>4CP avoided</th><th>4CP paid</th><th>energy cost</th><th>net</th></tr>${rows}</table>`;
}
