import { type FormEvent, useState } from 'react';
import { api, messageOf } from '../api/client.ts';
import type { ManualPrice, ManualPriceList } from '../api/types.ts';
import { ErrorNotice, Notice } from '../components/notice.tsx';
import { utc } from '../format.ts';
import { usePoll } from '../hooks/use-poll.ts';

type Kind = ManualPrice['kind'];

/** `datetime-local` text for a UTC instant (the form reads and writes UTC). */
function localText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/**
 * The energy desk's manual prices on the "Market feeds" page: the entries in force or pending, each
 * withdrawable, and a form to enter a price, a fixed-price window or a tariff override. The server
 * validates and audits; its error (naming the field) is shown as is.
 */
export function ManualPricesPanel() {
  const list = usePoll(
    (signal) => api<ManualPriceList>('/market/manual-prices', { signal }),
    'manual-prices',
    10_000,
  );
  const [kind, setKind] = useState<Kind>('price');
  const [target, setTarget] = useState('ercot_rt_hb_west');
  const [price, setPrice] = useState('');
  const [from, setFrom] = useState(() => localText(Math.ceil(Date.now() / 60_000) * 60_000));
  const [until, setUntil] = useState(() => localText(Math.ceil(Date.now() / 60_000) * 60_000 + 3_600_000));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api<ManualPrice>('/market/manual-prices', {
        method: 'POST',
        body: {
          kind,
          ...(kind === 'tariff-override' ? { siteId: target } : { seriesId: target }),
          usdPerMwh: price.trim(),
          fromMs: Date.parse(`${from}:00Z`),
          expiresAtMs: Date.parse(`${until}:00Z`),
          note,
        },
      });
      setPrice('');
      setNote('');
      list.refresh();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const withdraw = async (id: string) => {
    try {
      await api(`/market/manual-prices/${encodeURIComponent(id)}`, { method: 'DELETE' });
      list.refresh();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <>
      <h2>Manual prices</h2>
      <ErrorNotice error={list.error} />
      {list.data && list.data.entries.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="manual-price-table">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">On</th>
                <th scope="col" className="num">
                  $/MWh
                </th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
                <th scope="col">Entered by</th>
                <th scope="col">Note</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {list.data.entries.map((e) => (
                <tr key={e.id}>
                  <td>{e.kind}</td>
                  <th scope="row">{e.kind === 'tariff-override' ? `site ${e.siteId}` : e.seriesId}</th>
                  <td className="num">{e.usdPerMwh}</td>
                  <td>{utc(e.fromMs)}</td>
                  <td>{utc(e.expiresAtMs)}</td>
                  <td>{e.enteredBy}</td>
                  <td>{e.note}</td>
                  <td>
                    <button type="button" onClick={() => withdraw(e.id)}>
                      Withdraw
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No manual prices in force or pending.</p>
      )}
      <form onSubmit={submit} className="card form-grid" aria-labelledby="manual-price-title">
        <h3 id="manual-price-title">Enter a manual price</h3>
        <label htmlFor="mp-kind">Kind</label>
        <select id="mp-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="price">price on a series</option>
          <option value="fixed-window">fixed-price window on a series</option>
          <option value="tariff-override">tariff override on a site</option>
        </select>
        <label htmlFor="mp-target">{kind === 'tariff-override' ? 'Site id' : 'Series id'}</label>
        <input id="mp-target" value={target} onChange={(e) => setTarget(e.target.value)} required />
        <label htmlFor="mp-price">USD/MWh (exact decimal, e.g. 45.00)</label>
        <input
          id="mp-price"
          inputMode="decimal"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          required
        />
        <label htmlFor="mp-from">From (UTC)</label>
        <input
          id="mp-from"
          type="datetime-local"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          required
        />
        <label htmlFor="mp-until">Until (UTC)</label>
        <input
          id="mp-until"
          type="datetime-local"
          value={until}
          onChange={(e) => setUntil(e.target.value)}
          required
        />
        <label htmlFor="mp-note">Note</label>
        <input id="mp-note" value={note} onChange={(e) => setNote(e.target.value)} />
        {error ? <Notice kind="error">{error}</Notice> : null}
        <button type="submit" className="primary" disabled={busy}>
          Enter the price
        </button>
      </form>
    </>
  );
}
