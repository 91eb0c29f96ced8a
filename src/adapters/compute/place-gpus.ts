export interface FreeGpus {
  readonly nodeId: string;
  readonly free: number;
}

export interface GpuShare {
  readonly nodeId: string;
  readonly gpus: number;
}

/**
 * Where `wanted` GPUs go: on as few nodes as possible, and the last (or only) share on the node whose
 * free GPUs fit it most tightly, so whole nodes stay whole. Ties go to the node listed first.
 * `null` when the nodes together have too few free GPUs.
 */
export function placeGpus(nodes: readonly FreeGpus[], wanted: number): GpuShare[] | null {
  const candidates = nodes.filter((node) => node.free > 0);
  if (candidates.reduce((sum, node) => sum + node.free, 0) < wanted) return null;
  // Largest first (stable): the fewest nodes that hold `wanted` are the first k of this order.
  const largest = [...candidates].sort((a, b) => b.free - a.free);
  const shares: GpuShare[] = [];
  let left = wanted;
  let rest = largest;
  while (left > 0) {
    const tight = rest
      .filter((node) => node.free >= left)
      .reduce<FreeGpus | null>((best, node) => (best === null || node.free < best.free ? node : best), null);
    const chosen = tight ?? rest[0]!;
    const gpus = Math.min(left, chosen.free);
    shares.push({ nodeId: chosen.nodeId, gpus });
    left -= gpus;
    rest = rest.filter((node) => node !== chosen);
  }
  return shares;
}
