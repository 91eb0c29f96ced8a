import type { GpuNodeAccess, GpuNodeReading, GpuWorkload } from './gpu-node-access.ts';

export interface FakeGpuNodeSpec {
  readonly gpuCount?: number;
  /** Draw at full load with no limit, W. */
  readonly busyPowerW: number;
  readonly idlePowerW?: number;
  readonly minPowerLimitW: number;
  readonly maxPowerLimitW: number;
  readonly workloads?: readonly GpuWorkload[];
  readonly utilisation?: number;
}

interface FakeNode {
  readonly spec: FakeGpuNodeSpec;
  powerLimitW: number;
  workloads: readonly GpuWorkload[];
  unreachable: boolean;
}

/**
 * GpuNodeAccess in memory: a node with workloads draws `busyPowerW` capped by its power limit, an
 * idle node `idlePowerW`. Records every power-limit change.
 */
export class FakeGpuNodes implements GpuNodeAccess {
  readonly #nodes = new Map<string, FakeNode>();
  readonly limitsSet: { nodeId: string; watts: number }[] = [];

  withNode(id: string, spec: FakeGpuNodeSpec): this {
    this.#nodes.set(id, {
      spec,
      powerLimitW: spec.maxPowerLimitW,
      workloads: spec.workloads ?? [],
      unreachable: false,
    });
    return this;
  }

  withUnreachable(id: string, unreachable = true): this {
    this.#node(id).unreachable = unreachable;
    return this;
  }

  withWorkloads(id: string, workloads: readonly GpuWorkload[]): this {
    this.#node(id).workloads = workloads;
    return this;
  }

  powerLimitOf(id: string): number {
    return this.#node(id).powerLimitW;
  }

  ids(): readonly string[] {
    return [...this.#nodes.keys()];
  }

  async read(nodeId: string): Promise<GpuNodeReading> {
    const node = this.#node(nodeId);
    await Promise.resolve();
    if (node.unreachable) throw new Error(`${nodeId}: node agent unreachable`);
    const busy = node.workloads.length > 0;
    return {
      gpuCount: node.spec.gpuCount ?? 8,
      powerW: busy ? Math.min(node.spec.busyPowerW, node.powerLimitW) : (node.spec.idlePowerW ?? 400),
      powerLimitW: node.powerLimitW,
      minPowerLimitW: node.spec.minPowerLimitW,
      maxPowerLimitW: node.spec.maxPowerLimitW,
      utilisation: busy ? (node.spec.utilisation ?? 0.9) : 0,
      maxTempC: busy ? 70 : 35,
      workloads: node.workloads,
    };
  }

  async setPowerLimit(nodeId: string, watts: number): Promise<void> {
    const node = this.#node(nodeId);
    await Promise.resolve();
    if (node.unreachable) throw new Error(`${nodeId}: node agent unreachable`);
    node.powerLimitW = Math.min(node.spec.maxPowerLimitW, Math.max(node.spec.minPowerLimitW, watts));
    this.limitsSet.push({ nodeId, watts: node.powerLimitW });
  }

  #node(id: string): FakeNode {
    const node = this.#nodes.get(id);
    if (node === undefined) throw new TypeError(`no fake GPU node ${id}`);
    return node;
  }
}
