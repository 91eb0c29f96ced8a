import { api } from '../api/client.ts';
import { takePrefetched } from '../api/prefetch.ts';
import type { FleetStatus } from '../api/types.ts';
import { Link } from '../components/link.tsx';
import { LiveStamp } from '../components/live-stamp.tsx';
import { ErrorNotice, Loading } from '../components/notice.tsx';
import { PowerSplit } from '../components/power-split.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { TwinBadge } from '../components/twin-badge.tsx';
import { WorldMap } from '../components/world-map.tsx';
import { btc, hashrate, mw, percent, usdFromCents, utc } from '../format.ts';
import { usePoll } from '../hooks/use-poll.ts';
import { SiteTable } from './site-table.tsx';

/** What the BTC figures are: the pools' credits, or an estimate until the day's credit arrives. */
const BASIS_LABEL: Record<'pool-credits' | 'estimate' | 'mixed' | 'none', string> = {
  'pool-credits': 'from pool credits',
  estimate: 'estimated from measured hashrate (the pool has not credited it yet)',
  mixed: 'pool credits plus an estimate from measured hashrate for sites not credited yet',
  none: 'no pool credit and no telemetry yet',
};

/** The fleet at a glance: the map of sites by state and the headline figures, refreshed every 5 s. */
export function OverviewPage() {
  const status = usePoll(
    (signal) => takePrefetched<FleetStatus>('/fleet/status') ?? api<FleetStatus>('/fleet/status', { signal }),
    'fleet',
    5000,
  );
  const data = status.data;
  return (
    <section aria-labelledby="overview-title">
      <div className="page-head">
        <h1 id="overview-title">Fleet</h1>
        <TwinBadge twin={data?.twin ?? null} />
        <LiveStamp serverMs={data?.nowMs} error={status.error} />
      </div>
      {!data ? status.error ? <ErrorNotice error={status.error} /> : <Loading what="the fleet" /> : null}
      {data ? <Headline data={data} /> : null}
      {data ? <WorldMap sites={data.sites} /> : null}
      {data ? <SiteTable sites={data.sites} /> : null}
    </section>
  );
}

function Headline({ data }: { data: FleetStatus }) {
  const t = data.totals;
  const consumed = t.miningMw + t.aiMw + t.batteryChargeMw;
  return (
    <div className="stats" data-testid="headline" data-ready="true">
      <StatCard
        testId="stat-hashrate"
        label="Hashrate operating / deployed"
        value={`${hashrate(t.operatingThs)} / ${hashrate(t.deployedThs)}`}
        detail={`${percent(t.deployedThs > 0 ? t.operatingThs / t.deployedThs : null)} running on the allocator's setpoints; agents report ${hashrate(t.measuredThs)}`}
      />
      <StatCard
        testId="stat-power"
        label="Power by use"
        value={mw(consumed)}
        detail={
          <PowerSplit
            parts={[
              { name: 'Mining', tone: 's-mining', mw: t.miningMw },
              { name: 'AI', tone: 's-ai', mw: t.aiMw },
              { name: 'Battery charge', tone: 's-battery', mw: t.batteryChargeMw },
              { name: 'Battery discharge', tone: 's-discharge', mw: t.batteryDischargeMw },
              { name: 'Export', tone: 's-export', mw: t.exportMw },
            ]}
          />
        }
      />
      <StatCard
        testId="stat-btc"
        label={
          t.btcTodayBasis === 'pool-credits' ? 'BTC mined today (UTC)' : 'BTC mined today (UTC, estimate)'
        }
        value={btc(t.btcToday)}
        detail={
          <>
            {btc(t.btcMonth)} this month: {btc(t.btcMonthCredited)} credited by the pools
            {t.btcMonthEstimated > 0 ? <>, {btc(t.btcMonthEstimated)} estimated</> : null} · today{' '}
            <span data-testid="btc-today-basis">{BASIS_LABEL[t.btcTodayBasis]}</span>; the{' '}
            <Link href="/report">monthly report</Link> has the books
          </>
        }
      />
      <StatCard
        testId="stat-gpu"
        label="GPU utilisation"
        value={percent(t.gpuUtilisation)}
        detail={`${t.gpusBusy} busy of ${t.gpus.toLocaleString('en-US')} GPUs (reporting nodes)`}
      />
      <StatCard
        testId="stat-earnings"
        label="Earnings per hour (planned)"
        value={usdFromCents(t.earningsCentsPerHour, true)}
        detail={
          data.latestRun
            ? `the allocator's expected value over its 24 h plan ÷ 24, last completed run (of ${utc(data.latestRun.intervalStartMs)})`
            : 'no allocation run yet'
        }
      />
      <StatCard
        testId="stat-sites"
        label="Sites online"
        value={`${t.sitesOnline} / ${t.sites}`}
        detail={`${data.sites.filter((s) => s.state === 'curtailed').length} curtailed · ${data.sites.filter((s) => s.state === 'alert').length} with alerts`}
      />
    </div>
  );
}
