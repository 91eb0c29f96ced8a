import type { ReactNode } from 'react';
import type { Me } from '../api/types.ts';
import { usePath } from '../hooks/use-route.ts';
import { Link } from './link.tsx';

const OPERATOR_NAV = [
  { href: '/', label: 'Fleet' },
  { href: '/allocator', label: 'Allocator' },
  { href: '/actions', label: 'Actions' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/leases', label: 'Leases' },
  { href: '/report', label: 'Report' },
  { href: '/market-feeds', label: 'Market feeds' },
];

const TENANT_NAV = [
  { href: '/portal', label: 'Offers' },
  { href: '/portal/leases', label: 'My leases' },
  { href: '/portal/invoices', label: 'Invoices' },
  { href: '/portal/keys', label: 'SSH keys' },
];

/** The frame of every signed-in page: skip link, navigation for the role, sign-out. */
export function Layout(props: { me: Me; onSignOut: () => void; children: ReactNode }) {
  const path = usePath();
  const nav = props.me.role === 'tenant' ? TENANT_NAV : OPERATOR_NAV;
  const current = (href: string) =>
    href === '/' || href === '/portal' ? path === href : path === href || path.startsWith(`${href}/`);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href={nav[0]!.href} className="brand">
          Switchyard
        </Link>
        <nav aria-label="Main">
          <ul>
            {nav.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={current(item.href) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span className="muted" title={`key ${props.me.keyId}`}>
            {props.me.role}
            {props.me.tenantId ? ` · ${props.me.tenantId}` : ''}
          </span>
          <button type="button" className="link-button" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
