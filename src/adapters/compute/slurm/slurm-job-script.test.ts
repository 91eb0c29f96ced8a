import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { jobScript, shellQuote } from './slurm-job-script.ts';
import { submitArguments, tenantAccount } from './slurm-submit.ts';

const node = {
  nodeId: 'hub/h100/0',
  siteId: 'hub',
  groupId: 'h100',
  url: 'slurm://h100/n0',
  gpus: 8,
  slurmNode: 'n0',
  partition: 'h100',
  gresType: 'h100',
  wattsPerGpu: 700,
  idleWattsPerGpu: 90,
};

describe('Slurm job scripts', () => {
  it('runs the tenant command with its environment, every character kept literally', () => {
    const env = { GREETING: `it's "$HOME" \`id\` $(whoami) ; rm -rf /`, EMPTY: '' };
    const script = jobScript('l.0', { kind: 'command', command: 'printf "%s|%s" "$GREETING" "$EMPTY"', env });
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(out).toBe(`${env.GREETING}|`);
  });

  it('runs a script with its own interpreter line and returns its exit status', () => {
    const script = jobScript('l.0', { kind: 'script', script: '#!/bin/sh\necho from sh\nexit 3\n' });
    let status = 0;
    let out = '';
    try {
      execFileSync('bash', ['-c', script], { encoding: 'utf8' });
    } catch (error) {
      status = (error as { status: number }).status;
      out = (error as { stdout: string }).stdout;
    }
    expect(status).toBe(3);
    expect(out).toBe('from sh\n');
  });

  it('quotes for bash', () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });

  it('submits pinned to the node with its GPUs, in the tenant account and the tier QoS; batch with its deadline', () => {
    const lease = {
      leaseId: 'L1',
      siteId: 'hub',
      groupId: 'h100',
      gpus: 8,
      interruptible: true,
      tenantId: 'Acme.AI',
      tier: 'batch' as const,
      deadlineMs: Date.UTC(2026, 0, 2, 3, 4, 5),
    };
    const args = submitArguments(
      { outputDir: '/var/jobs' },
      node,
      { id: 'L1.0', gpus: 8, utilisation: 1, interruptible: true, lease },
      'c',
    );
    expect(args).toEqual([
      '--parsable',
      '--job-name=L1.0',
      '--partition=h100',
      '--nodelist=n0',
      '--nodes=1',
      '--ntasks=1',
      '--gres=gpu:h100:8',
      `--account=${tenantAccount('Acme.AI')}`,
      '--qos=batch',
      '--comment=c',
      '--output=/var/jobs/L1.0.out',
      '--no-requeue',
      '--deadline=2026-01-02T03:04:05',
    ]);
    expect(tenantAccount('Acme.AI')).toBe('sy-acme-ai');
    const onDemand = submitArguments(
      {},
      node,
      { id: 'x.0', gpus: 2, utilisation: 1, interruptible: false },
      'c',
    );
    expect(onDemand).toContain('--qos=ondemand');
    expect(onDemand).toContain('--account=root');
  });
});
