import type { LeaseWorkload } from '../../../../src/core/marketplace/lease-workload.ts';

export interface WorkloadDraft {
  readonly kind: 'none' | 'command' | 'script' | 'interactive';
  readonly text: string;
}

/** The workload the draft asks for (`undefined`: hold the GPUs); the server checks it and names bad fields. */
export function workloadOf(draft: WorkloadDraft): LeaseWorkload | undefined {
  if (draft.kind === 'interactive') return { kind: 'interactive' };
  if (draft.kind === 'none' || draft.text.trim() === '') return undefined;
  if (draft.kind === 'command') return { kind: 'command', command: draft.text.trim() };
  if (draft.kind === 'script') return { kind: 'script', script: draft.text };
  return { kind: 'interactive' };
}

/** What runs on the leased GPUs: nothing (held), a command, a batch script, or SSH access. */
export function WorkloadInput({
  draft,
  onChange,
}: {
  draft: WorkloadDraft;
  onChange: (d: WorkloadDraft) => void;
}) {
  return (
    <fieldset data-testid="workload-input">
      <legend>What runs on the GPUs</legend>
      <select
        aria-label="Workload kind"
        value={draft.kind}
        onChange={(e) => onChange({ ...draft, kind: e.target.value as WorkloadDraft['kind'] })}
      >
        <option value="none">Nothing yet (hold the GPUs)</option>
        <option value="command">A command</option>
        <option value="script">A batch script</option>
        <option value="interactive">Interactive (SSH with my registered keys)</option>
      </select>
      {draft.kind === 'interactive' ? (
        <p className="muted">
          Reached over SSH with the keys on your <a href="/portal/keys">SSH keys</a> page.
        </p>
      ) : draft.kind !== 'none' ? (
        <textarea
          aria-label="Workload"
          rows={draft.kind === 'script' ? 8 : 2}
          value={draft.text}
          placeholder={draft.kind === 'script' ? '#!/bin/bash\n…' : 'python train.py'}
          onChange={(e) => onChange({ ...draft, text: e.target.value })}
        />
      ) : null}
    </fieldset>
  );
}
