import type { ReactNode } from 'react';
import { messageOf } from '../api/client.ts';

/** A message block: errors are announced to screen readers. */
export function Notice({ kind, children }: { kind: 'error' | 'info' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  return <Notice kind="error">{messageOf(error)}</Notice>;
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-busy="true">
      Loading {what}…
    </p>
  );
}
