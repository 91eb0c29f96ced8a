import type { GpuSample } from './site-snapshot.ts';

/** A power-limit change for one GPU node. */
export interface GpuLimitCommand {
  readonly nodeId: string;
  /** New total limit for the node's GPUs, W. */
  readonly watts: number;
  /** `shed`: lowered because GPU draw is above the setpoint's aiMw; `restore`: raised back. */
  readonly reason: 'shed' | 'restore';
}

/**
 * The agent's one lever on GPU nodes (leases themselves are the marketplace's business):
 *
 * - when the nodes draw more than `aiW`, lower the power limits of interruptible nodes (every
 *   workload on them interruptible), biggest draw first, each no lower than its minimum limit,
 *   until the excess is covered or no such node is left. Nodes running a non-interruptible lease
 *   are never limited;
 * - when they draw no more than `aiW`, raise limited nodes back towards their default limit within
 *   the headroom (non-interruptible ones first), so a node is not left limited for good.
 *
 * Pure: only the snapshot's readings and the target go in.
 */
export function planGpuLimits(gpus: readonly GpuSample[], aiW: number): GpuLimitCommand[] {
  const nodes = gpus.flatMap((sample) =>
    sample.reading === null ? [] : [{ id: sample.id, ...sample.reading }],
  );
  const drawW = nodes.reduce((sum, node) => sum + (node.powerW ?? 0), 0);
  const commands: GpuLimitCommand[] = [];
  if (drawW > aiW) {
    let excessW = drawW - aiW;
    const interruptible = nodes
      .filter((node) => node.workloads.length > 0 && node.workloads.every((w) => w.interruptible))
      .sort((a, b) => (b.powerW ?? 0) - (a.powerW ?? 0) || a.id.localeCompare(b.id));
    for (const node of interruptible) {
      if (excessW <= 0) break;
      const currentW = node.powerW ?? 0;
      const cutW = Math.min(currentW - node.minPowerLimitW, excessW);
      if (cutW <= 0) continue;
      const watts = Math.floor(currentW - cutW);
      if (node.powerLimitW === null || watts < node.powerLimitW) {
        commands.push({ nodeId: node.id, watts, reason: 'shed' });
      }
      excessW -= cutW;
    }
    return commands;
  }
  let headroomW = aiW - drawW;
  const limited = nodes
    .filter((node) => node.powerLimitW !== null && node.powerLimitW < node.maxPowerLimitW)
    .sort(
      (a, b) =>
        Number(a.workloads.every((w) => w.interruptible)) -
          Number(b.workloads.every((w) => w.interruptible)) || a.id.localeCompare(b.id),
    );
  for (const node of limited) {
    if (headroomW < 1) break;
    const limitW = node.powerLimitW!;
    const raiseW = Math.min(node.maxPowerLimitW - limitW, headroomW);
    commands.push({ nodeId: node.id, watts: Math.floor(limitW + raiseW), reason: 'restore' });
    headroomW -= raiseW;
  }
  return commands;
}
