import { useState } from 'react';
import { api } from '../api/client.ts';
import type { FleetStatus, RunDigest, SitePlan, StrategyComparison } from '../api/types.ts';
import { LiveStamp } from '../components/live-stamp.tsx';
import { ErrorNotice, Loading } from '../components/notice.tsx';
import { usd } from '../format.ts';
import { usePoll } from '../hooks/use-poll.ts';
import { CurrentDecisions } from './allocator/current-decisions.tsx';
import { DecisionLog } from './allocator/decision-log.tsx';
import { PlanChart } from './allocator/plan-chart.tsx';
import { StrategyTable } from './allocator/strategy-table.tsx';

/** The allocator: its plan for the hours ahead, what each strategy would have earned, its decisions. */
export function AllocatorPage() {
  const status = usePoll((signal) => api<FleetStatus>('/fleet/status', { signal }), 'fleet', 10_000);
  const sites = status.data?.sites ?? [];
  const [chosen, setChosen] = useState<string>();
  const siteId = chosen ?? [...sites].sort((a, b) => b.deployedThs - a.deployedThs)[0]?.id;
  const q = encodeURIComponent(siteId ?? '');
  const latest = usePoll(
    (signal) => api<{ runs: RunDigest[] }>('/allocation/digests?limit=1', { signal }),
    'latest-run',
    10_000,
  );
  const plan = usePoll(
    (signal) => (siteId ? api<SitePlan>(`/sites/${q}/plan`, { signal }) : Promise.resolve(undefined)),
    `plan-${siteId}`,
    15_000,
  );
  const strategies = usePoll(
    (signal) =>
      siteId
        ? api<StrategyComparison>(`/allocation/strategies?siteId=${q}`, { signal })
        : Promise.resolve(undefined),
    `strategies-${siteId}`,
    60_000,
  );
  const log = usePoll(
    (signal) =>
      siteId
        ? api<{ runs: RunDigest[] }>(`/allocation/digests?limit=20&detail=all&siteId=${q}`, { signal })
        : Promise.resolve(undefined),
    `log-${siteId}`,
    10_000,
  );
  return (
    <section aria-labelledby="allocator-title">
      <div className="page-head">
        <h1 id="allocator-title">Allocator</h1>
        <LiveStamp serverMs={status.data?.nowMs} error={status.error} />
      </div>
      <label htmlFor="allocator-site">Site</label>{' '}
      <select id="allocator-site" value={siteId ?? ''} onChange={(e) => setChosen(e.target.value)}>
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.id})
          </option>
        ))}
      </select>
      <h2>Plan for the next hours</h2>
      {plan.data ? (
        <>
          <PlanChart plan={plan.data} />
          <p>
            Planned value over the horizon: <strong>{usd(plan.data.plannedValueUsd)}</strong>. Re-planned now
            on the live loop’s inputs (fleet, grid events, curtailments, day-ahead forecast).
          </p>
          <ul className="reasons">
            {plan.data.explanation.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : plan.error ? (
        <ErrorNotice error={plan.error} />
      ) : (
        <Loading what="the plan" />
      )}
      <h2>What each strategy would have earned</h2>
      {strategies.data ? (
        <StrategyTable comparison={strategies.data} />
      ) : strategies.error ? (
        <ErrorNotice error={strategies.error} />
      ) : (
        <Loading what="the backtest (a few hundred milliseconds)" />
      )}
      <h2>Current decisions, every site</h2>
      {latest.data?.runs[0] ? (
        <CurrentDecisions run={latest.data.runs[0]} />
      ) : latest.data ? (
        <p className="muted">No allocation run yet.</p>
      ) : (
        <Loading what="the latest run" />
      )}
      <h2>Decisions log{siteId ? ` for ${siteId}` : ''}</h2>
      {log.data && siteId ? <DecisionLog runs={log.data.runs} siteId={siteId} /> : <Loading what="the log" />}
      <ErrorNotice error={log.error ?? latest.error} />
    </section>
  );
}
