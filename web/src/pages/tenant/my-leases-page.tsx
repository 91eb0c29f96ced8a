import { api } from '../../api/client.ts';
import type { Lease } from '../../api/market-types.ts';
import { LeaseTable } from '../../components/lease-table.tsx';
import { Link } from '../../components/link.tsx';
import { MarketError } from '../../components/market-error.tsx';
import { Loading } from '../../components/notice.tsx';
import { usePoll } from '../../hooks/use-poll.ts';

/** The tenant's leases, live. */
export function MyLeasesPage() {
  const leases = usePoll(
    (signal) => api<{ leases: Lease[] }>('/market/leases', { signal }),
    'my-leases',
    5000,
  );
  const preempting = (leases.data?.leases ?? []).filter((l) => l.state === 'preempting');
  return (
    <section>
      <h1>My leases</h1>
      {preempting.length ? (
        <div className="notice notice-preempt" role="alert">
          {preempting.length} lease{preempting.length === 1 ? ' is' : 's are'} being preempted:{' '}
          {preempting.map((l) => (
            <Link key={l.id} href={`/portal/leases/${l.id}`}>
              {l.id.slice(0, 8)}{' '}
            </Link>
          ))}
        </div>
      ) : null}
      <MarketError error={leases.error} />
      {leases.data ? (
        leases.data.leases.length ? (
          <LeaseTable leases={leases.data.leases} linkBase="/portal/leases" />
        ) : (
          <p className="muted">
            No leases yet. <Link href="/portal">See the offers</Link>.
          </p>
        )
      ) : (
        <Loading what="your leases" />
      )}
    </section>
  );
}
