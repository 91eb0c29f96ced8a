import { z } from 'zod';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { GpuNodeAccess, GpuNodeReading } from '../../core/ports/gpu-node-access.ts';

/** The node agent's status reply (`GET <node>/v1/node`), validated once on receipt. */
const nodeStatusSchema = z.object({
  gpus: z.array(
    z.object({
      utilisation: z.number().min(0).max(1),
      powerW: z.number().min(0),
      powerLimitW: z.number().min(0),
      temperatureC: z.number(),
    }),
  ),
  powerW: z.number().min(0),
  utilisation: z.number().min(0).max(1),
  powerLimitRangeW: z.object({ minW: z.number().min(0), maxW: z.number().min(0) }),
  workloads: z.array(z.object({ id: z.string(), state: z.string(), interruptible: z.boolean().optional() })),
});

/**
 * GPU nodes over their node agents' HTTP API (`GET /v1/node`, `PUT /v1/power-limit`): what the site
 * agent reads and the power limits it sets. The GPU node emulator serves the same API.
 */
export class HttpGpuNodeAccess implements GpuNodeAccess {
  constructor(
    /** Node id -> base URL of its node agent. */
    private readonly nodes: ReadonlyMap<string, string>,
    private readonly timeoutMs = 3000,
  ) {}

  /** Parses `id=url,id=url` (the agent's `--gpus` option). */
  static fromList(text: string): HttpGpuNodeAccess {
    const nodes = new Map<string, string>();
    for (const item of text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const at = item.indexOf('=');
      if (at <= 0 || !/^https?:\/\//.test(item.slice(at + 1))) {
        throw new SwitchyardError('SY_ERR_CONFIG_INVALID', `--gpus: "${item}" is not id=http://host:port`, {
          field: '--gpus',
        });
      }
      nodes.set(item.slice(0, at), item.slice(at + 1).replace(/\/$/, ''));
    }
    return new HttpGpuNodeAccess(nodes);
  }

  ids(): readonly string[] {
    return [...this.nodes.keys()];
  }

  async read(nodeId: string): Promise<GpuNodeReading> {
    const body = await this.request(nodeId, 'GET', '/v1/node');
    const parsed = nodeStatusSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SwitchyardError(
        'SY_ERR_MESSAGE_INVALID',
        `GPU node ${nodeId}: ${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    const status = parsed.data;
    const count = status.gpus.length;
    return {
      gpuCount: count,
      powerW: status.powerW,
      powerLimitW: status.gpus.reduce((sum, g) => sum + g.powerLimitW, 0),
      minPowerLimitW: status.powerLimitRangeW.minW * count,
      maxPowerLimitW: status.powerLimitRangeW.maxW * count,
      utilisation: status.utilisation,
      maxTempC: count > 0 ? Math.max(...status.gpus.map((g) => g.temperatureC)) : null,
      workloads: status.workloads
        .filter((w) => w.state === 'running' || w.state === 'preempting')
        .map((w) => ({ id: w.id, interruptible: w.interruptible ?? false })),
    };
  }

  async setPowerLimit(nodeId: string, watts: number): Promise<void> {
    const reading = await this.read(nodeId);
    if (reading.gpuCount === 0) return;
    await this.request(nodeId, 'PUT', '/v1/power-limit', { wattsPerGpu: watts / reading.gpuCount });
  }

  private async request(nodeId: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const base = this.nodes.get(nodeId);
    if (!base) throw new SwitchyardError('SY_ERR_NOT_FOUND', `unknown GPU node ${nodeId}`);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SwitchyardError(
        'SY_ERR_NOT_FOUND',
        `GPU node ${nodeId} at ${base} unreachable`,
        {},
        { cause: error },
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new SwitchyardError(
        'SY_ERR_REQUEST_INVALID',
        `GPU node ${nodeId}: ${method} ${path} -> ${response.status} ${text.slice(0, 200)}`,
      );
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new SwitchyardError(
        'SY_ERR_MESSAGE_INVALID',
        `GPU node ${nodeId}: reply is not JSON`,
        {},
        { cause: error },
      );
    }
  }
}
