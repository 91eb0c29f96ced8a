import { useState } from 'react';
import { api, messageOf } from '../api/client.ts';
import type { Curtailment } from '../api/types.ts';
import { AckProgress } from '../components/ack-progress.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { Notice } from '../components/notice.tsx';
import { takeBaseline } from './baseline.ts';
import type { TrackedAction } from './tracked-action.ts';

export interface SiteSelector {
  readonly siteIds?: readonly string[];
  readonly region?: string;
}

/**
 * "Curtail now" for a site or a region, and "Release" for the curtailments in force there: each
 * asks for confirmation, then follows the setpoints until the sites ack them.
 */
export function CurtailControl(props: {
  selector: SiteSelector;
  /** The sites the target covers (a region's sites), to follow their setpoints. */
  siteIds: readonly string[];
  /** Names the target in words: "tx-west-1", "region north-america". */
  target: string;
  active: readonly Curtailment[];
  onChanged: () => void;
  /** False shows only the release buttons (a list of curtailments in force). */
  allowCurtail?: boolean;
}) {
  const [dialog, setDialog] = useState<{ kind: 'curtail' } | { kind: 'release'; curtailment: Curtailment }>();
  const [reason, setReason] = useState('operator curtailment from the dashboard');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [tracked, setTracked] = useState<TrackedAction>();

  const confirm = async () => {
    if (!dialog) return;
    setBusy(true);
    setError(undefined);
    try {
      const baseline = await takeBaseline(
        dialog.kind === 'curtail' ? props.siteIds : dialog.curtailment.siteIds,
      );
      if (dialog.kind === 'curtail') {
        const created = await api<Curtailment>('/curtailments', {
          method: 'POST',
          body: { ...props.selector, reason: reason.trim() || 'operator curtailment' },
        });
        setTracked({
          id: `curtail-${created.id}`,
          label: `Curtailing ${props.target}`,
          siteIds: created.siteIds,
          baseline,
          wantCurtailed: true,
        });
      } else {
        await api(`/curtailments/${encodeURIComponent(dialog.curtailment.id)}`, { method: 'DELETE' });
        setTracked({
          id: `release-${dialog.curtailment.id}`,
          label: `Releasing ${dialog.curtailment.siteIds.join(', ')}`,
          siteIds: dialog.curtailment.siteIds,
          baseline,
          wantCurtailed: false,
        });
      }
      setDialog(undefined);
      props.onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="curtail-control">
      <div className="button-row">
        {props.allowCurtail === false ? null : (
          <button type="button" className="danger" onClick={() => setDialog({ kind: 'curtail' })}>
            Curtail {props.target} now
          </button>
        )}
        {props.active.map((c) => (
          <button
            key={c.id}
            type="button"
            className="primary"
            onClick={() => setDialog({ kind: 'release', curtailment: c })}
          >
            Release curtailment “{c.reason}”
          </button>
        ))}
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {tracked ? <AckProgress key={tracked.id} action={tracked} onDone={props.onChanged} /> : null}
      <ConfirmDialog
        open={dialog !== undefined}
        title={dialog?.kind === 'release' ? 'Release the curtailment?' : `Curtail ${props.target} now?`}
        confirmLabel={dialog?.kind === 'release' ? 'Release' : 'Curtail now'}
        danger={dialog?.kind === 'curtail'}
        busy={busy}
        onCancel={() => setDialog(undefined)}
        onConfirm={confirm}
      >
        {dialog?.kind === 'release' ? (
          <p>
            Mining resumes at {dialog.curtailment.siteIds.join(', ')} on the allocator’s next setpoint (sent
            now).
          </p>
        ) : (
          <>
            <p>
              Every miner at {props.target} goes to sleep until you release it. GPU leases keep running. The
              allocator re-plans and sends the setpoint now.
            </p>
            <label htmlFor="curtail-reason">Reason (kept in the audit log)</label>
            <input
              id="curtail-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          </>
        )}
      </ConfirmDialog>
    </div>
  );
}
