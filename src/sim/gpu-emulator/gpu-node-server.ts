import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatedGpuNode } from './emulated-gpu-node.ts';
import { GpuNodeRefusal } from './gpu-node-refusal.ts';

const MAX_BODY_BYTES = 64 * 1024;

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const STATUS_OF: Record<GpuNodeRefusal['kind'], number> = { 'not-found': 404, conflict: 409, invalid: 400 };

function refusal(error: unknown): Reply {
  if (error instanceof GpuNodeRefusal) {
    return { status: STATUS_OF[error.kind], body: { error: { kind: error.kind, message: error.message } } };
  }
  throw error;
}

/**
 * The HTTP API of an emulated GPU node (what a compute backend adapter drives), JSON in and out:
 *
 * | method | path | body | reply |
 * |---|---|---|---|
 * | GET | /v1/node | | 200 `GpuNodeStatus`: GPUs (utilisation, W, limit, deg C, workload), total W, workloads |
 * | GET | /v1/workloads | | 200 `{ workloads: WorkloadStatus[] }` |
 * | GET | /v1/workloads/:id | | 200 `WorkloadStatus`, 404 |
 * | POST | /v1/workloads | `{ id, gpus, utilisation?, interruptible? }` | 201 `WorkloadStatus`; 409 id in use or too few free GPUs; 400 |
 * | POST | /v1/workloads/:id/preempt | `{ noticeS }` | 202 `WorkloadStatus` (state `preempting`, `preemptAtMs`); 404; 409 stopped |
 * | DELETE | /v1/workloads/:id | | 200 `WorkloadStatus` (state `stopped`, reason `stopped`); 404 |
 * | PUT | /v1/power-limit | `{ wattsPerGpu: number \| null }` | 200 `GpuNodeStatus`; 400 outside `powerLimitRangeW` |
 *
 * Errors: `{ "error": { "kind": "not-found" | "conflict" | "invalid", "message": "..." } }`.
 * A workload under notice keeps running until `preemptAtMs`, then shows `stopped` / `preempted`.
 */
export function routeGpuNodeRequest(
  node: EmulatedGpuNode,
  method: string,
  path: string,
  body: unknown,
): Reply {
  const segments = path.split('/').filter(Boolean);
  const input = (body ?? {}) as Record<string, unknown>;
  try {
    if (segments[0] !== 'v1') return { status: 404, body: { error: { kind: 'not-found', message: path } } };
    const [, resource, id, action] = segments;
    if (resource === 'node' && segments.length === 2 && method === 'GET') {
      return { status: 200, body: node.status() };
    }
    if (resource === 'power-limit' && segments.length === 2 && method === 'PUT') {
      const watts = input.wattsPerGpu;
      if (watts !== null && typeof watts !== 'number') {
        throw new GpuNodeRefusal('invalid', 'wattsPerGpu must be a number or null');
      }
      node.setPowerLimitW(watts);
      return { status: 200, body: node.status() };
    }
    if (resource === 'workloads') {
      if (id === undefined) {
        if (method === 'GET') return { status: 200, body: { workloads: node.status().workloads } };
        if (method === 'POST') {
          const started = node.startWorkload({
            id: String(input.id ?? ''),
            gpus: Number(input.gpus),
            utilisation: input.utilisation === undefined ? undefined : Number(input.utilisation),
            interruptible: input.interruptible === true,
          });
          return { status: 201, body: started };
        }
      } else if (action === undefined) {
        if (method === 'GET') return { status: 200, body: node.workload(decodeURIComponent(id)) };
        if (method === 'DELETE') return { status: 200, body: node.stopWorkload(decodeURIComponent(id)) };
      } else if (action === 'preempt' && method === 'POST') {
        return {
          status: 202,
          body: node.preemptWorkload(decodeURIComponent(id), Number(input.noticeS ?? 0)),
        };
      }
    }
    return { status: 404, body: { error: { kind: 'not-found', message: `${method} ${path}` } } };
  } catch (error) {
    return refusal(error);
  }
}

function handle(node: EmulatedGpuNode, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) req.socket.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    let reply: Reply;
    try {
      const body: unknown = text.trim() === '' ? undefined : JSON.parse(text);
      const url = new URL(req.url ?? '/', 'http://gpu-node.invalid');
      reply = routeGpuNodeRequest(node, req.method ?? 'GET', url.pathname, body);
    } catch (error) {
      reply =
        error instanceof SyntaxError
          ? { status: 400, body: { error: { kind: 'invalid', message: 'body is not JSON' } } }
          : { status: 500, body: { error: { kind: 'internal', message: String(error) } } };
    }
    const payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': payload.length });
    res.end(payload);
  });
}

/** One emulated GPU node served over HTTP on its own port (see `routeGpuNodeRequest` for the API). */
export class GpuNodeServer {
  readonly node: EmulatedGpuNode;
  private readonly server: Server;
  private address: { host: string; port: number } | null = null;

  constructor(node: EmulatedGpuNode) {
    this.node = node;
    this.server = createServer({ keepAliveTimeout: 1000 }, (req, res) => handle(node, req, res));
  }

  /** Starts listening; port 0 picks a free one. */
  async listen(host = '127.0.0.1', port = 0): Promise<{ host: string; port: number; url: string }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port, exclusive: true }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.address = { host, port: (this.server.address() as AddressInfo).port };
    return { ...this.address, url: this.url };
  }

  get url(): string {
    if (!this.address) throw new Error('GpuNodeServer is not listening');
    return `http://${this.address.host.includes(':') ? `[${this.address.host}]` : this.address.host}:${this.address.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
