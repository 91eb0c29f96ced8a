import { describe, expect, it } from 'vitest';
import { combineWorkloads, type PlacementReading } from './combine-workloads.ts';
import type { NodeWorkload } from './gpu-node-driver.ts';

const T0 = 1_760_000_000_000;

function reading(
  n: number,
  gpus: number,
  workload: Partial<NodeWorkload> | undefined,
  powerW = 0,
): PlacementReading {
  const placement = { nodeId: `node-${n}`, gpus, workloadId: `lease.${n}` };
  if (!workload) return { placement, workload: undefined, powerW };
  return {
    placement,
    powerW,
    workload: {
      id: placement.workloadId,
      state: 'running',
      gpus: [],
      utilisation: 1,
      startedAtMs: T0,
      preemptAtMs: null,
      stoppedAtMs: null,
      stopReason: null,
      ...workload,
    },
  };
}

const options = { leaseId: 'lease', stoppedByBackend: false, stoppedAtMs: null, reportedAtMs: T0 + 9 };

describe('combineWorkloads', () => {
  it('means utilisation over GPUs, sums power, earliest start', () => {
    const status = combineWorkloads(
      [
        reading(0, 8, { utilisation: 1, startedAtMs: T0 + 5 }, 5600),
        reading(1, 2, { utilisation: 0.5 }, 790),
      ],
      options,
    );
    expect(status).toEqual({
      leaseId: 'lease',
      state: 'running',
      startedAtMs: T0,
      stoppedAtMs: null,
      preemptAtMs: null,
      utilisation: 0.9,
      powerW: 6390,
      reportedAtMs: T0 + 9,
    });
  });

  it('names the state from the mix of workload states', () => {
    const running = { state: 'running' } as const;
    const preempting = { state: 'preempting', preemptAtMs: T0 + 100 } as const;
    const preempted = {
      state: 'stopped',
      stopReason: 'preempted',
      stoppedAtMs: T0 + 99,
      preemptAtMs: T0 + 99,
    } as const;
    const stopped = { state: 'stopped', stopReason: 'stopped', stoppedAtMs: T0 + 50 } as const;
    // workloads | stopped by the backend | state | stoppedAtMs | preemptAtMs
    const table: [(Partial<NodeWorkload> | undefined)[], boolean, string, number | null, number | null][] = [
      [[running, preempting], false, 'preempting', null, T0 + 100],
      [[preempted, preempting], false, 'preempting', null, T0 + 99],
      [[preempted, stopped], false, 'stopped', T0 + 99, T0 + 99],
      [[stopped, running], false, 'failed', null, null],
      [[running, undefined], false, 'failed', null, null],
      [[undefined, undefined], false, 'failed', null, null],
      [[stopped, undefined], true, 'stopped', T0 + 70, null],
      [[undefined, undefined], true, 'stopped', T0 + 70, null],
    ];
    for (const [workloads, stoppedByBackend, state, stoppedAtMs, preemptAtMs] of table) {
      const status = combineWorkloads(
        workloads.map((w, n) => reading(n, 4, w)),
        { ...options, stoppedByBackend, stoppedAtMs: stoppedByBackend ? T0 + 70 : null },
      );
      expect({
        workloads,
        state: status.state,
        stoppedAtMs: status.stoppedAtMs,
        preemptAtMs: status.preemptAtMs,
      }).toEqual({
        workloads,
        state,
        stoppedAtMs,
        preemptAtMs,
      });
    }
  });
});
