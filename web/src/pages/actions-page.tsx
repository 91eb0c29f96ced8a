import { useState } from 'react';
import { CurtailControl } from '../actions/curtail-control.tsx';
import { GridEventForm } from '../actions/grid-event-form.tsx';
import { selectorOf, type Target, TargetPicker, targetName } from '../actions/target-picker.tsx';
import { api } from '../api/client.ts';
import type { Curtailment, FleetStatus, GridEvent } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/notice.tsx';
import { utc } from '../format.ts';
import { usePoll } from '../hooks/use-poll.ts';

/** Operator actions: curtail a site or a region now and release it; enter a grid event. */
export function ActionsPage() {
  const status = usePoll((signal) => api<FleetStatus>('/fleet/status', { signal }), 'fleet', 10_000);
  const curtailments = usePoll(
    (signal) => api<{ curtailments: Curtailment[] }>('/curtailments', { signal }),
    'curtailments',
    5000,
  );
  const events = usePoll(
    (signal) => api<{ events: GridEvent[] }>('/grid-events', { signal }),
    'grid-events',
    5000,
  );
  const [target, setTarget] = useState<Target>();
  const sites = status.data?.sites ?? [];
  if (!status.data) return status.error ? <ErrorNotice error={status.error} /> : <Loading what="the fleet" />;
  const chosen = target ?? { kind: 'site', value: sites[0]?.id ?? '' };
  const active = curtailments.data?.curtailments ?? [];
  const affecting = active.filter((c) =>
    chosen.kind === 'site' ? c.siteIds.includes(chosen.value) : c.region === chosen.value,
  );
  return (
    <section>
      <h1>Actions</h1>
      <div className="card">
        <h2>Curtail now</h2>
        <TargetPicker id="curtail" sites={sites} target={chosen} onChange={setTarget} />
        <CurtailControl
          key={`${chosen.kind}:${chosen.value}`}
          selector={selectorOf(chosen)}
          siteIds={
            chosen.kind === 'site'
              ? [chosen.value]
              : sites.filter((s) => s.region === chosen.value).map((s) => s.id)
          }
          target={targetName(chosen)}
          active={affecting}
          onChanged={curtailments.refresh}
        />
      </div>
      <h2>Curtailments in force</h2>
      {active.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain-list" data-testid="active-curtailments">
          {active.map((c) => (
            <li key={c.id} className="card">
              <strong>{c.region ? `region ${c.region}` : c.siteIds.join(', ')}</strong> since{' '}
              {utc(c.startedAtMs)} — “{c.reason}” <span className="muted">by {c.createdBy}</span>
              <CurtailControl
                selector={{ siteIds: c.siteIds }}
                siteIds={c.siteIds}
                target={c.siteIds.join(', ')}
                active={[c]}
                allowCurtail={false}
                onChanged={curtailments.refresh}
              />
            </li>
          ))}
        </ul>
      )}
      <GridEventForm sites={sites} nowMs={status.data.nowMs} onCreated={events.refresh} />
      <h2>Grid events</h2>
      {(events.data?.events ?? []).length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Sites</th>
                <th scope="col">Window (UTC)</th>
                <th scope="col" className="wide-only">
                  Shed
                </th>
                <th scope="col">All sites acked</th>
              </tr>
            </thead>
            <tbody>
              {(events.data?.events ?? []).map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.region ? `region ${e.region}` : e.siteIds.join(', ')}</th>
                  <td>
                    {utc(e.startMs)} – {utc(e.endMs)}
                  </td>
                  <td className="wide-only">
                    {e.shedMw === undefined ? 'full curtailment' : `${e.shedMw} MW`}
                  </td>
                  <td>
                    {e.allAckedAtMs !== undefined
                      ? `yes, ${((e.allAckedAtMs - e.receivedAtMs) / 1000).toFixed(0)} s after entry`
                      : 'not yet'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
