import type { GpuNodeAccess } from './gpu-node-access.ts';
import type { GpuLimitCommand } from './gpu-power-plan.ts';
import { mapLimit } from './map-limit.ts';
import { describeError, withTimeout } from './with-timeout.ts';

/** What became of one GPU power-limit command. */
export interface GpuLimitOutcome extends GpuLimitCommand {
  readonly ok: boolean;
  readonly detail: string;
}

export interface GpuLimitWriteOptions {
  /** Commands in flight at once. */
  readonly concurrency: number;
  /** How long one node may take to answer, ms. */
  readonly timeoutMs: number;
}

/**
 * The write step for GPU nodes: sets every power limit of the decision (each within the timeout,
 * a failure only fails its own command). Nothing to do for a site without GPU nodes.
 */
export async function applyGpuLimits(
  gpus: GpuNodeAccess | undefined,
  commands: readonly GpuLimitCommand[],
  options: GpuLimitWriteOptions,
): Promise<GpuLimitOutcome[]> {
  if (gpus === undefined || commands.length === 0) return [];
  return mapLimit(commands, options.concurrency, async (command) => {
    try {
      await withTimeout(
        gpus.setPowerLimit(command.nodeId, command.watts),
        options.timeoutMs,
        `power limit ${command.nodeId}`,
      );
      return { ...command, ok: true, detail: `limit set to ${command.watts} W` };
    } catch (error) {
      return { ...command, ok: false, detail: describeError(error) };
    }
  });
}
