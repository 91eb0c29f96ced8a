import { StatCard } from '../../components/stat-card.tsx';

/** The parts of the report's JSON shown as figures (exact integers arrive as decimal strings). */
export interface ReportJson {
  readonly month?: string;
  readonly total?: {
    readonly btcMinedSats?: string | number;
    readonly avgOperatingHashrateThs?: string;
    readonly deployedHashrateThs?: number;
    readonly energyUsedWh?: string | number;
    readonly revenueMicroUsd?: string | number;
    readonly energyCostMicroUsd?: string | number;
    readonly greenShareBps?: string | number;
  };
}

const n = (v: string | number | undefined) => (v === undefined ? undefined : Number(v));

export function ReportFigures({ report }: { report: ReportJson }) {
  const t = report.total ?? {};
  const sats = n(t.btcMinedSats);
  const revenue = n(t.revenueMicroUsd);
  const cost = n(t.energyCostMicroUsd);
  const energy = n(t.energyUsedWh);
  const green = n(t.greenShareBps);
  const fmtUsd = (micro: number | undefined) =>
    micro === undefined ? '—' : `$${Math.round(micro / 1e6).toLocaleString('en-US')}`;
  return (
    <div className="stats" data-testid="report-figures">
      <StatCard label="BTC mined" value={sats === undefined ? '—' : `${(sats / 1e8).toFixed(4)} BTC`} />
      <StatCard
        label="Average operating hashrate"
        value={
          t.avgOperatingHashrateThs ? `${(Number(t.avgOperatingHashrateThs) / 1e6).toFixed(2)} EH/s` : '—'
        }
      />
      <StatCard label="Revenue" value={fmtUsd(revenue)} detail={`energy cost ${fmtUsd(cost)}`} />
      <StatCard
        label="Energy used"
        value={energy === undefined ? '—' : `${(energy / 1e6).toFixed(0)} MWh`}
        detail={green === undefined ? undefined : `${(green / 100).toFixed(1)} % green`}
      />
    </div>
  );
}
