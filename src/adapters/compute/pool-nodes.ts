import type { ComputePlacement } from '../../core/ports/compute-backend.ts';
import { computeBackendError, messageOf } from './compute-backend-error.ts';
import type { ComputeNode, GpuNodeDriver, NodeSnapshot } from './gpu-node-driver.ts';

/** The inventory and its driver: nodes by id, pool reads, and one action on every placement. */
export class PoolNodes {
  readonly byId: ReadonlyMap<string, ComputeNode>;

  constructor(
    nodes: readonly ComputeNode[],
    readonly driver: GpuNodeDriver,
  ) {
    this.byId = new Map(nodes.map((node) => [node.nodeId, node]));
  }

  node(nodeId: string): ComputeNode {
    const node = this.byId.get(nodeId);
    if (!node) throw computeBackendError(`unknown GPU node ${nodeId}`, { nodeId });
    return node;
  }

  /** Every node of the pool that answers, and why the others did not; throws when none answers. */
  async readPool(siteId: string, groupId: string) {
    const pool = [...this.byId.values()].filter((n) => n.siteId === siteId && n.groupId === groupId);
    if (pool.length === 0) throw computeBackendError(`no GPU nodes in pool ${siteId}/${groupId}`);
    const results = await Promise.allSettled(pool.map((node) => this.driver.read(node)));
    const snapshots: { node: ComputeNode; snapshot: NodeSnapshot }[] = [];
    const failures: unknown[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') snapshots.push({ node: pool[i]!, snapshot: result.value });
      else failures.push(result.reason);
    });
    if (snapshots.length === 0) {
      throw computeBackendError(
        `pool ${siteId}/${groupId}: no GPU node answers: ${messageOf(failures[0])}`,
        { siteId, groupId },
        failures[0],
      );
    }
    return { snapshots, failures };
  }

  /** A snapshot of each node the placements use, by node id; throws when one does not answer. */
  async readPlacements(placements: readonly ComputePlacement[]): Promise<Map<string, NodeSnapshot>> {
    const ids = [...new Set(placements.map((p) => p.nodeId))];
    const snapshots = await Promise.all(ids.map((id) => this.driver.read(this.node(id))));
    return new Map(ids.map((id, i) => [id, snapshots[i]!]));
  }

  /** Runs `act` on every placement at once; throws (naming the node) when any of them failed. */
  async onEach(
    leaseId: string,
    placements: readonly ComputePlacement[],
    what: string,
    act: (node: ComputeNode, placement: ComputePlacement) => Promise<unknown>,
  ): Promise<void> {
    const results = await Promise.allSettled(placements.map((p) => act(this.node(p.nodeId), p)));
    const failed = results.findIndex((result) => result.status === 'rejected');
    if (failed < 0) return;
    const cause = (results[failed] as PromiseRejectedResult).reason;
    const nodeId = placements[failed]!.nodeId;
    throw computeBackendError(
      `lease ${leaseId}: ${what} failed on node ${nodeId}: ${messageOf(cause)}`,
      { leaseId, nodeId },
      cause,
    );
  }
}
