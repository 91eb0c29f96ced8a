import { describe, expect, it } from 'vitest';
import type { SitePlan } from '../allocator/site-plan.ts';
import type { SitePlanInput } from '../allocator/site-plan-input.ts';
import { chooseNodeDrains, poweredGpus } from './gpu-node-drains.ts';

const input = (interruptibleWanted: number) =>
  ({
    gpuGroups: [{ id: 'h100', committedGpus: [4, 4], interruptibleGpus: [interruptibleWanted, 0] }],
    batchJobs: [
      { id: 'b1', gpuGroupId: 'h100' },
      { id: 'b2', gpuGroupId: 'a100' },
    ],
  }) as unknown as SitePlanInput;
const plan = (served: number, batch: Record<string, number>) =>
  ({ decisions: [{ interruptibleGpus: { h100: served }, batchGpus: batch }] }) as unknown as SitePlan;
const node = (nodeId: string, gpus: number, heldGpus: number, drained = false) => ({
  nodeId,
  gpus,
  heldGpus,
  drained,
});

describe('GPU node drains from the allocator plan', () => {
  it('is short of power when the plan serves fewer interruptible GPUs than are wanted; powers committed, served and batch', () => {
    expect(poweredGpus(input(8), plan(8, {}), 'h100')).toBeNull();
    expect(poweredGpus(input(0), plan(0, {}), 'h100')).toBeNull();
    expect(poweredGpus(input(8), plan(2.0000001, { b1: 1.5, b2: 6 }), 'h100')).toBe(8);
    expect(poweredGpus(input(8), plan(0, {}), 'h100')).toBe(4);
    expect(poweredGpus(input(8), plan(0, {}), 'other')).toBeNull();
  });

  it('keeps the busiest nodes in service to cover the powered GPUs, drains the rest, resumes when power returns', () => {
    const nodes = [node('n0', 8, 0), node('n1', 8, 4), node('n2', 4, 0)];
    expect(chooseNodeDrains(nodes, 4)).toEqual({ drain: ['n0', 'n2'], resume: [] });
    expect(chooseNodeDrains(nodes, 10)).toEqual({ drain: ['n2'], resume: [] });
    expect(chooseNodeDrains(nodes, 0)).toEqual({ drain: ['n0', 'n1', 'n2'], resume: [] });
    const drained = [node('n0', 8, 0, true), node('n1', 8, 4), node('n2', 4, 0, true)];
    expect(chooseNodeDrains(drained, 12)).toEqual({ drain: [], resume: ['n0'] });
    expect(chooseNodeDrains(drained, null)).toEqual({ drain: [], resume: ['n0', 'n2'] });
  });
});
