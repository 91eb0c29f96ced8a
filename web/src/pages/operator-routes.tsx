import { match } from '../hooks/use-route.ts';
import { ActionsPage } from './actions-page.tsx';
import { AlertsPage } from './alerts-page.tsx';
import { AllocatorPage } from './allocator-page.tsx';
import { LeasesPage } from './leases-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { OverviewPage } from './overview-page.tsx';
import { ReportPage } from './report-page.tsx';
import { SitePage } from './site-page.tsx';

/** The operator dashboard's pages by path. */
export function OperatorRoutes({ path }: { path: string }) {
  if (path === '/' || path === '/login') return <OverviewPage />;
  const site = match('/sites/:siteId', path);
  if (site) return <SitePage siteId={site.siteId!} />;
  switch (path) {
    case '/allocator':
      return <AllocatorPage />;
    case '/actions':
      return <ActionsPage />;
    case '/alerts':
      return <AlertsPage />;
    case '/leases':
      return <LeasesPage />;
    case '/report':
      return <ReportPage />;
    default:
      return <NotFoundPage home="/" />;
  }
}
