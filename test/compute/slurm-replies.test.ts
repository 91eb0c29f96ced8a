import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJobComment } from '../../src/adapters/compute/slurm/slurm-job-comment.ts';
import {
  gresGpus,
  gresIndices,
  parseSacct,
  parseSinfo,
  parseSqueue,
} from '../../src/adapters/compute/slurm/slurm-replies.ts';
import {
  parseReservations,
  reservationWorkload,
} from '../../src/adapters/compute/slurm/slurm-reservations.ts';

/**
 * Replies recorded from the Slurm 22.05.8 cluster of scripts/slurm-test-cluster.sh (Debian
 * bookworm's slurm-wlm, OpenAPI data parser v0.0.38): `squeue --json`, `sinfo --json`,
 * `sacct --json -X`. See test/compute/slurm-replies/README.md for how each was made.
 */
const reply = (name: string) => readFileSync(new URL(`./slurm-replies/${name}`, import.meta.url), 'utf8');

describe('squeue --json (recorded)', () => {
  const jobs = parseSqueue(reply('squeue-running-pending-completed.json'));

  it('reads running, pending and ended jobs with their GPUs, node, account, QoS and comment', () => {
    expect(jobs.map((j) => [j.jobId, j.state])).toEqual([
      [1, 'COMPLETED'],
      [2, 'CANCELLED'],
      [3, 'RUNNING'],
      [4, 'PENDING'],
      [5, 'COMPLETED'],
    ]);
    const running = jobs.find((j) => j.jobId === 3)!;
    expect(running).toMatchObject({
      name: 'lease-a.0',
      node: 'sy-h100-0',
      gpus: 8,
      gpuIndices: [0, 1, 2, 3, 4, 5, 6, 7],
      account: 'sy-acme',
      qos: 'ondemand',
      partition: 'h100',
      startS: 1796683728,
    });
    expect(parseJobComment(running.comment)).toEqual({
      leaseId: 'lease-a',
      utilisation: 0.9,
      noticeAtMs: 1796684000000,
    });
  });

  it('a job pending on the tenant GPU limit names its node (required) and the reason', () => {
    const pending = jobs.find((j) => j.jobId === 4)!;
    expect(pending).toMatchObject({
      node: 'sy-h100-2',
      gpus: 4,
      reason: 'AssocGrpGRES',
      startS: 0,
      gpuIndices: [],
    });
  });

  it('a job of another user has no Switchyard comment; an ended one holds no GPU indices', () => {
    expect(parseJobComment(jobs.find((j) => j.jobId === 1)!.comment)).toBeNull();
    expect(parseJobComment(jobs.find((j) => j.jobId === 2)!.comment)).toBeNull();
    expect(jobs.find((j) => j.jobId === 5)).toMatchObject({ gpus: 3, gpuIndices: [], exitCode: 0 });
  });

  it('after scancel the job is COMPLETING, then CANCELLED', () => {
    const after = parseSqueue(reply('squeue-after-cancel.json'));
    expect(after.find((j) => j.jobId === 3)?.state).toBe('COMPLETING');
    expect(after.find((j) => j.jobId === 4)?.state).toBe('CANCELLED');
  });

  it('refuses a reply that is not squeue JSON, naming the path', () => {
    expect(() => parseSqueue('squeue: error: Invalid user')).toThrow(/squeue --json: the reply is not JSON/);
    expect(() => parseSqueue(JSON.stringify({ jobs: [{ job_id: 'x' }] }))).toThrow(/jobs\.0\.job_id/);
    const failing = JSON.stringify({
      errors: [{ error: 'Unable to contact slurm controller', error_number: 1 }],
      jobs: [],
    });
    expect(() => parseSqueue(failing)).toThrow(/Slurm reports Unable to contact slurm controller/);
  });
});

describe('sinfo --json (recorded)', () => {
  it('reads each node with its GPUs configured and used, and its flags', () => {
    expect(parseSinfo(reply('sinfo-three-gpu-nodes.json')).map((n) => [n.name, n.gpus, n.gpusUsed])).toEqual([
      ['sy-h100-0', 8, 8],
      ['sy-h100-1', 8, 0],
      ['sy-h100-2', 4, 0],
    ]);
  });

  it('a node drained for power shows the DRAIN flag and the reason', () => {
    const drained = parseSinfo(reply('sinfo-one-node-draining.json')).find((n) => n.name === 'sy-h100-1')!;
    expect(drained.flags).toContain('DRAIN');
    expect(drained.reason).toBe('site short of power');
  });
});

describe('sacct --json -X (recorded)', () => {
  it('reads ended jobs: start, end, allocated GPUs, state and the job comment', () => {
    const records = parseSacct(reply('sacct-ended-jobs.json'));
    expect(records.map((r) => [r.jobId, r.state, r.gpus])).toEqual([
      [3, 'CANCELLED', 8],
      [4, 'CANCELLED', 0],
      [5, 'COMPLETED', 3],
    ]);
    const cancelled = records[0]!;
    expect(cancelled.endS - cancelled.startS).toBe(cancelled.elapsedS);
    expect(parseJobComment(cancelled.comment)?.leaseId).toBe('lease-a');
    expect(records[1]!.reason).toBe('AssocGrpGRES');
  });

  it('a job cancelled before it started has no start (null in the reply)', () => {
    const records = parseSacct(reply('sacct-lease-jobs-with-never-started.json'));
    const never = records.find((r) => r.name === 'lease-b.0')!;
    expect(never).toMatchObject({ startS: 0, state: 'CANCELLED' });
    const lease = records.filter((r) => parseJobComment(r.comment)?.leaseId === 'ghost');
    expect(lease).toHaveLength(1);
    expect(lease[0]!.gpus).toBe(1);
  });
});

describe('GRES strings', () => {
  it('counts typed, untyped and socket-annotated GPU entries, and expands index lists', () => {
    expect(gresGpus('gpu:h100:8')).toBe(8);
    expect(gresGpus('gpu:4(S:0-1),shard:gpu:8')).toBe(4);
    expect(gresGpus('gpu:h100:3(IDX:0-2),gpu:a100:2(IDX:0,1)')).toBe(5);
    expect(gresGpus('')).toBe(0);
    expect(gresIndices(['gpu:h100:6(IDX:0-3,5,7)'])).toEqual([0, 1, 2, 3, 5, 7]);
    expect(gresIndices(['gpu:h100:0(IDX:N/A)'])).toEqual([]);
  });
});

describe('scontrol -o show reservation (recorded)', () => {
  it("reads a lease's reservation and another one, times in UTC", () => {
    expect(parseReservations(reply('scontrol-show-reservation.txt'))).toEqual([
      {
        name: 'sy-lease-rec.0',
        accounts: ['root'],
        nodes: 'sy-h100-1',
        coreCount: 4,
        startS: Date.parse('2026-12-08T02:33:57Z') / 1000,
        endS: Date.parse('2026-12-09T02:00:00Z') / 1000,
        state: 'ACTIVE',
      },
      expect.objectContaining({ name: 'site-maint', accounts: [], coreCount: 16, state: 'INACTIVE' }),
    ]);
    expect(reservationWorkload('sy-lease-rec.0')).toBe('lease-rec.0');
    expect(reservationWorkload('site-maint')).toBeNull();
  });

  it('reads none, and refuses a line it cannot read', () => {
    expect(parseReservations(reply('scontrol-show-reservation-none.txt'))).toEqual([]);
    expect(() => parseReservations('ReservationName=x StartTime=soon')).toThrow(/unexpected line/);
  });
});

describe('squeue --json with a reserved lease job (recorded)', () => {
  it('reads the reservation the job runs in', () => {
    const [job] = parseSqueue(reply('squeue-job-in-reservation.json'));
    expect(job).toMatchObject({
      name: 'lease-r.0',
      state: 'RUNNING',
      node: 'sy-h100-1',
      gpus: 4,
      qos: 'reserved',
      reservation: 'sy-lease-r.0',
    });
    expect(
      parseSqueue(reply('squeue-running-pending-completed.json')).every((j) => j.reservation === ''),
    ).toBe(true);
  });
});
