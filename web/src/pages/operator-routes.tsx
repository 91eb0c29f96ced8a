import { lazy, Suspense } from 'react';
import { Loading } from '../components/notice.tsx';
import { match } from '../hooks/use-route.ts';
import { NotFoundPage } from './not-found-page.tsx';
import { OverviewPage } from './overview-page.tsx';

// The fleet page is in the first bundle; the others load when first opened.
const SitePage = lazy(() => import('./site-page.tsx').then((m) => ({ default: m.SitePage })));
const AllocatorPage = lazy(() => import('./allocator-page.tsx').then((m) => ({ default: m.AllocatorPage })));
const ActionsPage = lazy(() => import('./actions-page.tsx').then((m) => ({ default: m.ActionsPage })));
const AlertsPage = lazy(() => import('./alerts-page.tsx').then((m) => ({ default: m.AlertsPage })));
const LeasesPage = lazy(() => import('./leases-page.tsx').then((m) => ({ default: m.LeasesPage })));
const MarketFeedsPage = lazy(() =>
  import('./market-feeds-page.tsx').then((m) => ({ default: m.MarketFeedsPage })),
);
const ReportPage = lazy(() => import('./report-page.tsx').then((m) => ({ default: m.ReportPage })));

/** The operator dashboard's pages by path. */
export function OperatorRoutes({ path }: { path: string }) {
  return <Suspense fallback={<Loading what="the page" />}>{page(path)}</Suspense>;
}

function page(path: string) {
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
    case '/market-feeds':
      return <MarketFeedsPage />;
    default:
      return <NotFoundPage home="/" />;
  }
}
