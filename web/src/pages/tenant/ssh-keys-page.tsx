import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { SshKey } from '../../api/market-types.ts';
import { MarketError } from '../../components/market-error.tsx';
import { Loading } from '../../components/notice.tsx';
import { utc } from '../../format.ts';
import { usePoll } from '../../hooks/use-poll.ts';

/** The SSH public keys that reach the tenant's interactive allocations: list, add, remove. */
export function SshKeysPage() {
  const keys = usePoll(
    (signal) => api<{ keys: SshKey[] }>('/market/tenant/ssh-keys', { signal }),
    'ssh-keys',
    30_000,
  );
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<unknown>();
  const act = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      keys.refresh();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const add = async () => {
    if (await act(() => api('/market/tenant/ssh-keys', { method: 'POST', body: { publicKey: draft } })))
      setDraft('');
  };
  return (
    <section>
      <h1>SSH keys</h1>
      <p className="muted">
        Interactive leases are reached over SSH with these keys; the lease page shows the host, port, user and
        node.
      </p>
      <MarketError error={keys.error ?? error} />
      {!keys.data ? (
        <Loading what="your keys" />
      ) : keys.data.keys.length === 0 ? (
        <p className="muted">No key yet.</p>
      ) : (
        <table data-testid="ssh-keys">
          <thead>
            <tr>
              <th>Key</th>
              <th>Fingerprint</th>
              <th>Added (UTC)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.keys.map((key) => (
              <tr key={key.id}>
                <td>
                  {key.type} ({key.bits} bits) {key.comment}
                </td>
                <td>
                  <code>{key.fingerprint}</code>
                </td>
                <td>{utc(key.createdAtMs)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => act(() => api(`/market/tenant/ssh-keys/${key.id}`, { method: 'DELETE' }))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <label htmlFor="ssh-key">Add a public key (one line, as in ~/.ssh/id_ed25519.pub)</label>
      <textarea
        id="ssh-key"
        rows={3}
        value={draft}
        placeholder="ssh-ed25519 AAAA… you@laptop"
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="button" disabled={draft.trim() === ''} onClick={add}>
        Add key
      </button>
    </section>
  );
}
