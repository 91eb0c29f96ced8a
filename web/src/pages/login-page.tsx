import { type FormEvent, useState } from 'react';
import { api, messageOf } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { storeKey } from '../session/session.ts';

/** Sign in by pasting an API key; the role comes from the server (GET /api/v1/me). */
export function LoginPage({ onLogin }: { onLogin: (me: Me) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) return setError('Paste an API key first.');
    setBusy(true);
    setError(undefined);
    try {
      const me = await api<Me>('/me', { key: trimmed });
      if (me.role === 'agent')
        throw new Error('Agent keys are for site agents; sign in with an operator or tenant key.');
      storeKey(trimmed);
      onLogin(me);
    } catch (e) {
      setError(`That key was not accepted: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login">
      <h1>Switchyard</h1>
      <p className="muted">Control plane for mining and GPU-compute fleets.</p>
      <form onSubmit={submit} className="card">
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="sy_…"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" className="muted small">
          Operators: the admin key is in <code>.switchyard/admin-key.txt</code> after the first start.
          Tenants: the key you were given. The key stays in this tab only (session storage).
        </p>
        {error ? (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
