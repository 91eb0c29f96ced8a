/** BTC for one site and UTC day, exact. */
export interface SiteDaySats {
  readonly siteId: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly sats: bigint;
}

export interface ReconciliationRow {
  readonly siteId: string;
  readonly date: string;
  readonly expectedSats: bigint;
  readonly actualSats: bigint;
  /** actual - expected: negative = the pool paid less than expected. */
  readonly differenceSats: bigint;
  /** difference / expected in basis points, truncated toward zero; undefined when nothing was expected. */
  readonly differenceBps: bigint | undefined;
}

export interface SiteReconciliation {
  readonly siteId: string;
  readonly expectedSats: bigint;
  readonly actualSats: bigint;
  readonly differenceSats: bigint;
  readonly differenceBps: bigint | undefined;
}

export interface Reconciliation {
  /** One row per site and day present on either side, by site then date. */
  readonly rows: readonly ReconciliationRow[];
  readonly bySite: readonly SiteReconciliation[];
  readonly total: Omit<SiteReconciliation, 'siteId'>;
}

/**
 * Actual payouts against expected production, per site and day. Several entries for one site-day
 * (e.g. two payout lines) are summed first; a day present on one side only shows 0 on the other.
 */
export function reconcilePayouts(
  expected: readonly SiteDaySats[],
  actual: readonly SiteDaySats[],
): Reconciliation {
  const cells = new Map<string, { siteId: string; date: string; expected: bigint; actual: bigint }>();
  const cell = (e: SiteDaySats) => {
    const key = `${e.siteId}\u0000${e.date}`;
    let found = cells.get(key);
    if (!found) {
      found = { siteId: e.siteId, date: e.date, expected: 0n, actual: 0n };
      cells.set(key, found);
    }
    return found;
  };
  for (const e of expected) cell(e).expected += e.sats;
  for (const a of actual) cell(a).actual += a.sats;
  const rows = [...cells.values()]
    .sort((a, b) => (a.siteId === b.siteId ? compare(a.date, b.date) : compare(a.siteId, b.siteId)))
    .map((c) => row(c.siteId, c.date, c.expected, c.actual));
  const sites = new Map<string, { expected: bigint; actual: bigint }>();
  for (const r of rows) {
    const s = sites.get(r.siteId) ?? { expected: 0n, actual: 0n };
    s.expected += r.expectedSats;
    s.actual += r.actualSats;
    sites.set(r.siteId, s);
  }
  const bySite = [...sites].map(([siteId, s]) => {
    const { date: _date, ...rest } = row(siteId, '', s.expected, s.actual);
    return rest;
  });
  const totalExpected = bySite.reduce((sum, s) => sum + s.expectedSats, 0n);
  const totalActual = bySite.reduce((sum, s) => sum + s.actualSats, 0n);
  const { siteId: _s, date: _d, ...total } = row('', '', totalExpected, totalActual);
  return { rows, bySite, total };
}

function row(siteId: string, date: string, expectedSats: bigint, actualSats: bigint): ReconciliationRow {
  const differenceSats = actualSats - expectedSats;
  return {
    siteId,
    date,
    expectedSats,
    actualSats,
    differenceSats,
    differenceBps: expectedSats === 0n ? undefined : (differenceSats * 10_000n) / expectedSats,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
