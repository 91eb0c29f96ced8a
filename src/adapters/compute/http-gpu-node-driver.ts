import { z } from 'zod';
import { computeBackendError, messageOf } from './compute-backend-error.ts';
import type {
  ComputeNode,
  GpuNodeDriver,
  NodeSnapshot,
  NodeWorkload,
  StartWorkload,
} from './gpu-node-driver.ts';

const workloadSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'preempting', 'stopped']),
  gpus: z.array(z.number().int().min(0)),
  utilisation: z.number().min(0).max(1),
  startedAtMs: z.number(),
  preemptAtMs: z.number().nullable(),
  stoppedAtMs: z.number().nullable(),
  stopReason: z.enum(['stopped', 'preempted']).nullable(),
});

const snapshotSchema = z.object({
  nowMs: z.number(),
  freeGpus: z.number().int().min(0),
  gpus: z.array(z.object({ powerW: z.number().min(0), workloadId: z.string().nullable() })),
  workloads: z.array(workloadSchema),
});

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * GPU nodes over their node agents' HTTP API (`GET /v1/node`, `POST /v1/workloads`,
 * `DELETE /v1/workloads/:id`, `POST /v1/workloads/:id/preempt`); every reply is validated with zod.
 */
export class HttpGpuNodeDriver implements GpuNodeDriver {
  constructor(private readonly timeoutMs = 5000) {}

  async read(node: ComputeNode): Promise<NodeSnapshot> {
    const reply = await this.request(node, 'GET', '/v1/node');
    return parse(node, snapshotSchema, this.expect(node, 'GET /v1/node', reply, 200));
  }

  async start(node: ComputeNode, workload: StartWorkload): Promise<NodeWorkload> {
    const { id, gpus, utilisation, interruptible } = workload;
    const body = { id, gpus, utilisation, interruptible };
    const reply = await this.request(node, 'POST', '/v1/workloads', body);
    return parse(node, workloadSchema, this.expect(node, 'POST /v1/workloads', reply, 201));
  }

  async stop(node: ComputeNode, workloadId: string): Promise<NodeWorkload | null> {
    const path = `/v1/workloads/${encodeURIComponent(workloadId)}`;
    const reply = await this.request(node, 'DELETE', path);
    if (reply.status === 404) return null;
    return parse(node, workloadSchema, this.expect(node, `DELETE ${path}`, reply, 200));
  }

  async preempt(node: ComputeNode, workloadId: string, noticeS: number): Promise<NodeWorkload | null> {
    const path = `/v1/workloads/${encodeURIComponent(workloadId)}/preempt`;
    const reply = await this.request(node, 'POST', path, { noticeS });
    if (reply.status === 404 || reply.status === 409) return null;
    return parse(node, workloadSchema, this.expect(node, `POST ${path}`, reply, 202));
  }

  private expect(node: ComputeNode, what: string, reply: Reply, status: number): unknown {
    if (reply.status === status) return reply.body;
    const error = (reply.body as { error?: { message?: unknown } } | null)?.error;
    const reason = typeof error?.message === 'string' ? error.message : JSON.stringify(reply.body);
    throw computeBackendError(`GPU node ${node.nodeId}: ${what} -> ${reply.status} ${reason.slice(0, 200)}`, {
      nodeId: node.nodeId,
      httpStatus: reply.status,
    });
  }

  private async request(node: ComputeNode, method: string, path: string, body?: unknown): Promise<Reply> {
    const url = `${node.url.replace(/\/$/, '')}${path}`;
    let text: string;
    let status: number;
    try {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw computeBackendError(
        `GPU node ${node.nodeId} at ${node.url}: ${method} ${path} failed: ${messageOf(error)}`,
        { nodeId: node.nodeId },
        error,
      );
    }
    try {
      return { status, body: text.trim() === '' ? null : JSON.parse(text) };
    } catch (error) {
      throw computeBackendError(
        `GPU node ${node.nodeId}: ${method} ${path} -> ${status}, reply is not JSON`,
        { nodeId: node.nodeId, httpStatus: status },
        error,
      );
    }
  }
}

function parse<T>(node: ComputeNode, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw computeBackendError(
    `GPU node ${node.nodeId}: invalid reply at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    { nodeId: node.nodeId },
    parsed.error,
  );
}
