import { lazy, Suspense, useEffect, useState } from 'react';
import { api, onUnauthorised } from './api/client.ts';
import type { Me } from './api/types.ts';
import { Layout } from './components/layout.tsx';
import { Loading } from './components/notice.tsx';
import { navigate, usePath } from './hooks/use-route.ts';
import { LoginPage } from './pages/login-page.tsx';
import { OperatorRoutes } from './pages/operator-routes.tsx';
import { forgetKey, storedKey } from './session/session.ts';

// The tenant portal loads only for tenants.
const TenantRoutes = lazy(() =>
  import('./pages/tenant/tenant-routes.tsx').then((m) => ({ default: m.TenantRoutes })),
);

/** Signs in (or restores the tab's session), then shows the operator dashboard or the tenant portal. */
export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(storedKey() !== null);
  const path = usePath();

  useEffect(() => {
    if (!storedKey()) return;
    api<Me>('/me')
      .then(setMe, () => forgetKey())
      .finally(() => setChecking(false));
  }, []);
  useEffect(() => onUnauthorised(() => setMe(null)), []);

  const home = me?.role === 'tenant' ? '/portal' : '/';
  const wrongArea = me && (me.role === 'tenant') !== (path === '/portal' || path.startsWith('/portal/'));
  useEffect(() => {
    if (wrongArea) navigate(home, { replace: true });
  }, [wrongArea, home]);

  if (checking) return <Loading what="your session" />;
  if (!me) {
    return (
      <LoginPage
        onLogin={(signedIn) => {
          setMe(signedIn);
          if (path === '/login') navigate(signedIn.role === 'tenant' ? '/portal' : '/', { replace: true });
        }}
      />
    );
  }
  const signOut = () => {
    forgetKey();
    setMe(null);
    navigate('/', { replace: true });
  };
  return (
    <Layout me={me} onSignOut={signOut}>
      {wrongArea ? null : me.role === 'tenant' ? (
        <Suspense fallback={<Loading what="the portal" />}>
          <TenantRoutes path={path} />
        </Suspense>
      ) : (
        <OperatorRoutes path={path} />
      )}
    </Layout>
  );
}
