import { useState } from 'react';
import { useCapabilities } from '../api/capabilities.ts';
import { api } from '../api/client.ts';
import type { Lease, LeaseState, Tenant } from '../api/market-types.ts';
import { LeaseTable } from '../components/lease-table.tsx';
import { ErrorNotice, Loading, Notice } from '../components/notice.tsx';
import { usdFromCents } from '../format.ts';
import { usePoll } from '../hooks/use-poll.ts';

const STATES: readonly (LeaseState | '')[] = [
  '',
  'pending',
  'provisioning',
  'running',
  'preempting',
  'preempted',
  'completed',
  'failed',
  'cancelled',
];

/** Every tenant's leases, and the tenants with their limits (operators). */
export function LeasesPage() {
  const caps = useCapabilities();
  if (!caps) return <Loading what="the marketplace" />;
  if (!caps.market)
    return <Notice kind="info">The GPU marketplace API is not available on this server.</Notice>;
  return <Leases />;
}

function Leases() {
  const [state, setState] = useState<LeaseState | ''>('');
  const leases = usePoll(
    (signal) => api<{ leases: Lease[] }>(`/market/leases${state ? `?state=${state}` : ''}`, { signal }),
    `leases-${state}`,
    5000,
  );
  const tenants = usePoll(
    (signal) => api<{ tenants: Tenant[] }>('/market/tenants', { signal }),
    'tenants',
    15_000,
  );
  return (
    <section>
      <h1>Leases</h1>
      <label htmlFor="lease-state">State</label>{' '}
      <select id="lease-state" value={state} onChange={(e) => setState(e.target.value as LeaseState | '')}>
        {STATES.map((s) => (
          <option key={s} value={s}>
            {s || 'any'}
          </option>
        ))}
      </select>
      <ErrorNotice error={leases.error} />
      {leases.data ? (
        leases.data.leases.length ? (
          <LeaseTable leases={leases.data.leases} showTenant />
        ) : (
          <p className="muted">No leases.</p>
        )
      ) : (
        <Loading what="leases" />
      )}
      <h2>Tenants</h2>
      <ErrorNotice error={tenants.error} />
      {tenants.data ? (
        <div className="table-wrap">
          <table className="table" data-testid="tenant-table">
            <thead>
              <tr>
                <th scope="col">Tenant</th>
                <th scope="col" className="num">
                  GPUs held / max
                </th>
                <th scope="col" className="num">
                  Monthly limit
                </th>
              </tr>
            </thead>
            <tbody>
              {tenants.data.tenants.map((t) => (
                <tr key={t.id}>
                  <th scope="row">
                    {t.name} <span className="muted small">{t.id}</span>
                  </th>
                  <td className="num">
                    {t.gpusHeld} / {t.maxGpus}
                  </td>
                  <td className="num">{usdFromCents(t.spendingLimitCents, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
