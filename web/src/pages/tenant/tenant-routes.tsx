import { match } from '../../hooks/use-route.ts';
import { NotFoundPage } from '../not-found-page.tsx';
import { InvoicesPage } from './invoices-page.tsx';
import { LeasePage } from './lease-page.tsx';
import { MyLeasesPage } from './my-leases-page.tsx';
import { OffersPage } from './offers-page.tsx';
import { SshKeysPage } from './ssh-keys-page.tsx';

/** The tenant portal's pages by path. */
export function TenantRoutes({ path }: { path: string }) {
  if (path === '/portal') return <OffersPage />;
  if (path === '/portal/leases') return <MyLeasesPage />;
  if (path === '/portal/invoices') return <InvoicesPage />;
  if (path === '/portal/keys') return <SshKeysPage />;
  const lease = match('/portal/leases/:leaseId', path);
  if (lease) return <LeasePage leaseId={lease.leaseId!} />;
  return <NotFoundPage home="/portal" />;
}
