import { type FormEvent, useState } from 'react';
import { api, messageOf } from '../api/client.ts';
import type { GridEvent, SiteStatus } from '../api/types.ts';
import { AckProgress } from '../components/ack-progress.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { Notice } from '../components/notice.tsx';
import { utc } from '../format.ts';
import { takeBaseline } from './baseline.ts';
import { selectorOf, type Target, TargetPicker, targetName } from './target-picker.tsx';
import type { TrackedAction } from './tracked-action.ts';

/** `datetime-local` text for a UTC instant (the form reads and writes UTC). */
function localText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/** Enter a demand-response (grid) event: a window in which sites shed MW, or stop mining entirely. */
export function GridEventForm(props: { sites: readonly SiteStatus[]; nowMs: number; onCreated: () => void }) {
  const start0 = Math.ceil(props.nowMs / 60_000) * 60_000;
  const [target, setTarget] = useState<Target>({ kind: 'site', value: props.sites[0]?.id ?? '' });
  const [start, setStart] = useState(localText(start0));
  const [end, setEnd] = useState(localText(start0 + 3_600_000));
  const [shed, setShed] = useState('');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [tracked, setTracked] = useState<TrackedAction>();
  const startMs = Date.parse(`${start}:00Z`);
  const endMs = Date.parse(`${end}:00Z`);
  const shedMw = shed.trim() === '' ? undefined : Number(shed);

  const ask = (event: FormEvent) => {
    event.preventDefault();
    if (!(endMs > startMs)) return setError('The end must be after the start.');
    if (shedMw !== undefined && !(shedMw > 0))
      return setError('Shed MW must be a positive number, or empty.');
    setError(undefined);
    setAsking(true);
  };
  const confirm = async () => {
    setBusy(true);
    try {
      const baseline = await takeBaseline(
        target.kind === 'site'
          ? [target.value]
          : props.sites.filter((s) => s.region === target.value).map((s) => s.id),
      );
      const created = await api<GridEvent>('/grid-events', {
        method: 'POST',
        body: {
          ...selectorOf(target),
          start: new Date(startMs).toISOString(),
          end: new Date(endMs).toISOString(),
          ...(shedMw !== undefined ? { shedMw } : {}),
        },
      });
      setTracked({
        id: `grid-${created.id}`,
        label: `Grid event at ${targetName(target)}, ${utc(startMs)} to ${utc(endMs)}`,
        siteIds: created.siteIds,
        baseline,
        wantCurtailed: null,
      });
      setAsking(false);
      props.onCreated();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={ask} className="card form-grid" aria-labelledby="grid-title">
      <h2 id="grid-title">Demand-response (grid) event</h2>
      <TargetPicker id="grid" sites={props.sites} target={target} onChange={setTarget} />
      <label htmlFor="grid-start">Start (UTC, server time)</label>
      <input
        id="grid-start"
        type="datetime-local"
        value={start}
        onChange={(e) => setStart(e.target.value)}
        required
      />
      <label htmlFor="grid-end">End (UTC)</label>
      <input
        id="grid-end"
        type="datetime-local"
        value={end}
        onChange={(e) => setEnd(e.target.value)}
        required
      />
      <label htmlFor="grid-shed">MW to shed per site (empty: stop mining entirely)</label>
      <input id="grid-shed" inputMode="decimal" value={shed} onChange={(e) => setShed(e.target.value)} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      <button type="submit" className="primary">
        Enter the event…
      </button>
      {tracked ? <AckProgress key={tracked.id} action={tracked} onDone={props.onCreated} /> : null}
      <ConfirmDialog
        open={asking}
        title="Enter this grid event?"
        confirmLabel="Enter event"
        busy={busy}
        onCancel={() => setAsking(false)}
        onConfirm={confirm}
      >
        <p>
          {targetName(target)} will {shedMw === undefined ? 'stop mining' : `shed ${shedMw} MW`} from{' '}
          {utc(startMs)} to {utc(endMs)}. The allocator re-plans now.
        </p>
      </ConfirmDialog>
    </form>
  );
}
