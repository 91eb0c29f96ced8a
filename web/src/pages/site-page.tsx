import { CurtailControl } from '../actions/curtail-control.tsx';
import { api } from '../api/client.ts';
import type {
  Alert,
  Curtailment,
  DeviceReading,
  FleetStatus,
  HistoryInterval,
  Setpoint,
  SiteMinute,
} from '../api/types.ts';
import { LiveStamp } from '../components/live-stamp.tsx';
import { ErrorNotice, Loading } from '../components/notice.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { TwinBadge } from '../components/twin-badge.tsx';
import { hashrate, mw, utc } from '../format.ts';
import { usePoll } from '../hooks/use-poll.ts';
import { AlertList } from './alert-list.tsx';
import { SiteCharts } from './site/site-charts.tsx';
import { SiteDevices } from './site/site-devices.tsx';
import { SiteExplanation } from './site/site-explanation.tsx';

/** One site: its state, power split over time against prices, the allocator's reasons, devices, actions. */
export function SitePage({ siteId }: { siteId: string }) {
  const path = `/sites/${encodeURIComponent(siteId)}`;
  const status = usePoll((signal) => api<FleetStatus>('/fleet/status', { signal }), 'fleet', 5000);
  const setpoints = usePoll(
    (signal) => api<{ setpoints: Setpoint[] }>(`${path}/setpoints`, { signal }),
    `sp-${siteId}`,
    5000,
  );
  const history = usePoll(
    async (signal) => {
      const h = await api<{ nowMs: number; intervals: HistoryInterval[] }>(`${path}/history?hours=24`, {
        signal,
      });
      const from = h.intervals[0]?.startMs ?? h.nowMs - 86_400_000;
      const { minutes } = await api<{ minutes: SiteMinute[] }>(
        `${path}/telemetry/minutes?from=${from}&to=${h.nowMs + 60_000}`,
        { signal },
      );
      return { ...h, minutes };
    },
    `history-${siteId}`,
    15_000,
  );
  const devices = usePoll(
    (signal) => api<{ devices: DeviceReading[] }>(`${path}/telemetry/latest`, { signal }),
    `devices-${siteId}`,
    10_000,
  );
  const curtailments = usePoll(
    (signal) => api<{ curtailments: Curtailment[] }>('/curtailments', { signal }),
    'curtailments',
    5000,
  );
  const alerts = usePoll(
    (signal) => api<{ alerts: Alert[] }>('/alerts?open=true', { signal }),
    'alerts-open',
    10_000,
  );
  const site = status.data?.sites.find((s) => s.id === siteId);
  const latest = setpoints.data?.setpoints.at(-1);
  const gpus = (devices.data?.devices ?? []).filter((d) => d.kind === 'gpu');
  const nowMs = status.data?.nowMs ?? history.data?.nowMs ?? 0;

  if (status.data && !site) return <ErrorNotice error={new Error(`There is no site ${siteId}.`)} />;
  return (
    <section aria-labelledby="site-title">
      <div className="page-head">
        <h1 id="site-title">
          {site?.name ?? siteId} {site ? <StateBadge state={site.state} /> : null}{' '}
          <TwinBadge twin={status.data?.twin ?? null} />
        </h1>
        <LiveStamp serverMs={status.data?.nowMs} error={status.error} />
      </div>
      {site ? (
        <p className="muted">
          {site.id} · {site.region} · {site.country} · last reading {utc(site.lastReadingMs)}
        </p>
      ) : (
        <Loading what="the site" />
      )}
      {site ? (
        <div className="stats" data-testid="site-stats">
          <StatCard
            label="Mining"
            value={mw(site.miningMw)}
            detail={`${hashrate(site.operatingThs)} of ${hashrate(site.deployedThs)}`}
          />
          <StatCard
            label="AI"
            value={mw(site.aiMw)}
            detail={`${gpus.filter((g) => g.state === 'busy').length} of ${gpus.length} reporting GPUs in use (${site.gpus} GPUs)`}
          />
          <StatCard
            label="Battery"
            value={mw(site.batteryMw)}
            detail={site.batteryMw > 0 ? 'charging' : site.batteryMw < 0 ? 'discharging' : 'idle'}
          />
          <StatCard
            label="Measured hashrate"
            value={hashrate(site.measuredThs)}
            detail={
              status.data?.twin
                ? `reported by the site agent, ${status.data.twin.label} (shown at full scale)`
                : 'reported by the site agent'
            }
          />
        </div>
      ) : null}
      <CurtailControl
        selector={{ siteIds: [siteId] }}
        siteIds={[siteId]}
        target={siteId}
        active={(curtailments.data?.curtailments ?? []).filter((c) => c.siteIds.includes(siteId))}
        onChanged={() => {
          curtailments.refresh();
          setpoints.refresh();
          status.refresh();
        }}
      />
      <ErrorNotice error={setpoints.error} />
      <SiteExplanation setpoint={latest} />
      {history.data ? (
        <SiteCharts
          intervals={history.data.intervals}
          setpoints={setpoints.data?.setpoints ?? []}
          minutes={history.data.minutes}
          nowMs={nowMs}
          hasBattery={history.data.intervals.some((i) => (i.planned?.socMwh ?? 0) > 0)}
        />
      ) : history.error ? (
        <ErrorNotice error={history.error} />
      ) : (
        <Loading what="the charts" />
      )}
      {devices.data ? <SiteDevices devices={devices.data.devices} nowMs={nowMs} /> : null}
      <AlertList
        title="Open alerts at this site"
        alerts={(alerts.data?.alerts ?? []).filter((a) => a.siteId === siteId)}
      />
    </section>
  );
}
