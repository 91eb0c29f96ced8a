import { describe, expect, it } from 'vitest';
import { type LeaseWorkload, redactWorkload, WORKLOAD_LIMITS, workloadProblems } from './lease-workload.ts';

const fields = (w: LeaseWorkload) => workloadProblems(w).map((p) => p.field);

describe('lease workloads', () => {
  it('accepts a script with its environment, a command, and an interactive allocation (one registered key, or all)', () => {
    expect(
      workloadProblems({
        kind: 'script',
        script: '#!/bin/bash\npython train.py\n',
        env: { EPOCHS: '3', A_B: "it's" },
      }),
    ).toEqual([]);
    expect(workloadProblems({ kind: 'command', command: 'python -m vllm.entrypoints --port 8000' })).toEqual(
      [],
    );
    expect(workloadProblems({ kind: 'interactive' })).toEqual([]);
    expect(workloadProblems({ kind: 'interactive', sshKeyId: 'k-02e2f6296c550c70' })).toEqual([]);
  });

  it('names every bad field: empty, oversized, multi-line, control characters, reserved or bad names', () => {
    expect(fields({ kind: 'script', script: '  ' })).toEqual(['workload.script']);
    expect(fields({ kind: 'script', script: 'x'.repeat(WORKLOAD_LIMITS.scriptBytes + 1) })).toEqual([
      'workload.script',
    ]);
    expect(fields({ kind: 'command', command: 'echo a\necho b' })).toEqual(['workload.command']);
    expect(fields({ kind: 'command', command: 'echo \u001b[31m' })).toEqual(['workload.command']);
    const env = { '1BAD': 'x', SLURM_JOB_ID: '1', PATH: '/x', OK: 'line\nbreak', FINE: 'ok' };
    expect(fields({ kind: 'command', command: 'true', env })).toEqual([
      'workload.env.1BAD',
      'workload.env.SLURM_JOB_ID',
      'workload.env.PATH',
      'workload.env.OK',
    ]);
    const many = Object.fromEntries(
      Array.from({ length: WORKLOAD_LIMITS.envVars + 1 }, (_, i) => [`V${i}`, '']),
    );
    expect(fields({ kind: 'command', command: 'true', env: many })).toEqual(['workload.env']);
    expect(fields({ kind: 'interactive', sshKeyId: 'ssh-ed25519 AAAA' })).toEqual(['workload.sshKeyId']);
  });

  it('never shows a secret-looking variable back', () => {
    const workload: LeaseWorkload = {
      kind: 'command',
      command: 'run',
      env: { HF_TOKEN: 'hf_x', AWS_SECRET_ACCESS_KEY: 'k', DB_PASSWORD: 'p', MODEL: 'llama' },
    };
    expect(redactWorkload(workload)).toEqual({
      ...workload,
      env: {
        HF_TOKEN: '[redacted]',
        AWS_SECRET_ACCESS_KEY: '[redacted]',
        DB_PASSWORD: '[redacted]',
        MODEL: 'llama',
      },
    });
    expect(workload.env?.HF_TOKEN).toBe('hf_x');
  });
});
