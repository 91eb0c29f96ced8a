import type { Lease } from '../api/market-types.ts';
import { centsRate, usdFromCents, utc } from '../format.ts';
import { Link } from './link.tsx';
import { StateBadge } from './state-badge.tsx';

/** Leases with their tier, place, size, rate and state; links to the lease page when `linkBase` is given. */
export function LeaseTable(props: { leases: readonly Lease[]; linkBase?: string; showTenant?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="lease-table">
        <thead>
          <tr>
            <th scope="col">Lease</th>
            {props.showTenant ? <th scope="col">Tenant</th> : null}
            <th scope="col">State</th>
            <th scope="col">Tier</th>
            <th scope="col" className="wide-only">
              Where
            </th>
            <th scope="col" className="num">
              GPUs
            </th>
            <th scope="col" className="num wide-only">
              Rate
            </th>
            <th scope="col" className="num wide-only">
              Charged
            </th>
            <th scope="col" className="wide-only">
              Created
            </th>
          </tr>
        </thead>
        <tbody>
          {props.leases.map((lease) => (
            <tr key={lease.id} data-lease-id={lease.id}>
              <th scope="row">
                {props.linkBase ? (
                  <Link href={`${props.linkBase}/${lease.id}`}>{lease.id.slice(0, 8)}</Link>
                ) : (
                  lease.id.slice(0, 8)
                )}
              </th>
              {props.showTenant ? <td>{lease.tenantId}</td> : null}
              <td>
                <StateBadge state={lease.state} />
              </td>
              <td>{lease.tier}</td>
              <td className="wide-only">
                {lease.siteId} · {lease.gpuModel}
              </td>
              <td className="num">{lease.gpus}</td>
              <td className="num wide-only">{centsRate(lease.rateCentsPerGpuHour)}</td>
              <td className="num wide-only">{lease.usage ? usdFromCents(lease.usage.amountCents) : '—'}</td>
              <td className="wide-only">{utc(lease.createdAtMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
