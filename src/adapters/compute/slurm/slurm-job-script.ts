import type { LeaseWorkload } from '../../../core/marketplace/lease-workload.ts';

/** Single-quoted for bash: `it's` → `'it'\''s'`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The batch script of one lease workload on one node. It runs the tenant's script or command as a
 * child with its environment, so the preemption notice (SIGTERM, from `scancel --signal=TERM`)
 * reaches the tenant's processes and they may checkpoint; the job is ended at the notice's expiry
 * by `scancel`. Without a workload (or for an interactive lease) it holds the allocation, the notice
 * written to its output, until it is cancelled. The tenant's text is carried base64-encoded, so no
 * character of it is ever interpreted by this wrapper.
 */
export function jobScript(workloadId: string, workload: LeaseWorkload | undefined): string {
  const lines = [
    '#!/bin/bash',
    `# switchyard lease workload ${workloadId}`,
    'child=""',
    'workload=""',
    `trap 'echo "switchyard: preemption notice (SIGTERM); the job ends when the notice runs out" >&2; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM`,
  ];
  if (workload && workload.kind !== 'interactive') {
    for (const [name, value] of Object.entries(workload.env ?? {}))
      lines.push(`export ${name}=${shellQuote(value)}`);
    const text = workload.kind === 'script' ? workload.script : workload.command;
    const encoded = Buffer.from(text, 'utf8').toString('base64');
    lines.push(
      'workload=$(mktemp -t switchyard-workload.XXXXXX)',
      `echo ${shellQuote(encoded)} | base64 -d > "$workload"`,
      'chmod 700 "$workload"',
      workload.kind === 'script' && workload.script.startsWith('#!') ? '"$workload" &' : 'bash "$workload" &',
    );
  } else {
    if (workload?.kind === 'interactive') {
      lines.push('echo "switchyard: interactive allocation on $(hostname) (SLURM_JOB_ID=$SLURM_JOB_ID)"');
    }
    lines.push(`bash -c 'trap "" TERM; exec sleep infinity' &`);
  }
  lines.push(
    'child=$!',
    'wait "$child"; status=$?',
    'while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done',
    '[ -n "$workload" ] && rm -f "$workload"',
    'exit "$status"',
    '',
  );
  return lines.join('\n');
}
