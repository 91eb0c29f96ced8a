import type { GridProgrammeSiteMonth } from './grid-programme-lines.ts';
import { type Ledger, type Posting, transfer } from './ledger.ts';

/**
 * The books of a site's grid programmes for a month, each line its own posting (micro-USD), dated the
 * month's last day: sell-back `cash-usd` / `power-credits:<site>`; capacity payments `cash-usd` /
 * `ancillary-revenue:<site>:<service>`; ERS and conservation credits `cash-usd` / `dr-programme-credits:<site>`; the
 * 4CP charge `transmission-4cp:<site>` / `energy-payable`. The 4CP charge avoided is not cash and is
 * not booked (the report shows it).
 */
export function gridProgrammePostings(
  lines: readonly GridProgrammeSiteMonth[],
  lastDay: (month: string) => string,
): Posting[] {
  const postings: (Posting | undefined)[] = [];
  for (const l of lines) {
    const date = lastDay(l.month);
    const key = (what: string) => `grid:${l.siteId}:${l.month}:${what}`;
    postings.push(
      transfer(
        key('sell-back'),
        date,
        'micro-usd',
        'cash-usd',
        `power-credits:${l.siteId}`,
        l.sellBackMicroUsd,
      ),
    );
    for (const [service, amount] of Object.entries(l.ancillaryByService)) {
      postings.push(
        transfer(
          key(`ancillary-${service}`),
          date,
          'micro-usd',
          'cash-usd',
          `ancillary-revenue:${l.siteId}:${service}`,
          amount,
        ),
      );
    }
    postings.push(
      transfer(key('dr'), date, 'micro-usd', 'cash-usd', `dr-programme-credits:${l.siteId}`, l.drMicroUsd),
    );
    postings.push(
      transfer(
        key('4cp'),
        date,
        'micro-usd',
        `transmission-4cp:${l.siteId}`,
        'energy-payable',
        l.fourCpPaidMicroUsd,
      ),
    );
  }
  return postings.filter((p): p is Posting => p !== undefined);
}

/** Compares the month's programme lines with the ledger; returns the disagreements. */
export function checkGridProgrammesAgainstLedger(
  lines: readonly GridProgrammeSiteMonth[],
  month: string,
  ledger: Ledger,
): string[] {
  const problems: string[] = [];
  const expect = (what: string, reportValue: bigint, ledgerValue: bigint) => {
    if (reportValue !== ledgerValue) problems.push(`${what}: report ${reportValue}, ledger ${ledgerValue}`);
  };
  for (const l of lines.filter((x) => x.month === month)) {
    expect(
      `${l.siteId} power credits`,
      l.sellBackMicroUsd,
      ledger.creditBalance(`power-credits:${l.siteId}`, month),
    );
    expect(
      `${l.siteId} ancillary revenue`,
      l.ancillaryMicroUsd,
      -ledger.balanceOfPrefix(`ancillary-revenue:${l.siteId}:`, month),
    );
    expect(
      `${l.siteId} DR programme credits`,
      l.drMicroUsd,
      ledger.creditBalance(`dr-programme-credits:${l.siteId}`, month),
    );
    expect(
      `${l.siteId} 4CP charge`,
      l.fourCpPaidMicroUsd,
      ledger.balance(`transmission-4cp:${l.siteId}`, month),
    );
  }
  return problems;
}
