import { SwitchyardError } from '../../core/errors/index.ts';
import type { PoolName } from '../../core/pools/pool-credit.ts';

/** One HTTP request an adapter makes. */
export interface PoolHttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Body text (JSON or form-encoded, as the pool's API wants). */
  readonly body?: string;
}

/** The status and body text of a reply. */
export interface PoolHttpReply {
  readonly status: number;
  readonly body: string;
}

/** How adapters talk HTTP: the global fetch in production, recorded replies in tests. */
export type PoolHttp = (request: PoolHttpRequest) => Promise<PoolHttpReply>;

/** PoolHttp over the global fetch, with a timeout. A network failure becomes SY_ERR_POOL_UNREACHABLE. */
export function fetchPoolHttp(timeoutMs = 15_000): PoolHttp {
  return async (request) => {
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.status, body: await response.text() };
    } catch (cause) {
      throw new SwitchyardError(
        'SY_ERR_POOL_UNREACHABLE',
        `${request.method} ${request.url}: ${(cause as Error).message}`,
        { url: request.url },
        { cause },
      );
    }
  };
}

/**
 * Sends a request and returns the body of a 2xx reply. A reply whose body is a recognised error
 * envelope (whatever its status: GraphQL APIs answer errors with 200 or 400) is SY_ERR_POOL_REJECTED
 * with the pool's message quoted; other error statuses are SY_ERR_POOL_UNREACHABLE.
 */
export async function send(
  pool: PoolName,
  http: PoolHttp,
  request: PoolHttpRequest,
  what: string,
): Promise<string> {
  const reply = await http(request);
  const envelope = errorEnvelopeMessage(reply.body);
  if (envelope !== undefined) throw poolRejected(pool, what, envelope, reply.status);
  if (reply.status >= 200 && reply.status < 300) return reply.body;
  throw new SwitchyardError('SY_ERR_POOL_UNREACHABLE', `${pool}: ${what} answered HTTP ${reply.status}`, {
    pool,
    status: reply.status,
  });
}

export function poolRejected(
  pool: PoolName,
  what: string,
  message: string,
  status?: number,
): SwitchyardError {
  return new SwitchyardError('SY_ERR_POOL_REJECTED', `${pool}: ${what} was refused: ${message}`, {
    pool,
    ...(status !== undefined ? { status } : {}),
    poolMessage: message,
  });
}

/**
 * The pool's own error message when a body is an error envelope: GraphQL `{errors:[{message}]}`
 * without `data` (Luxor), or `{code, msg|message}` with a non-success code (F2Pool, Antpool).
 */
export function errorEnvelopeMessage(body: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.errors) && record.errors.length > 0 && record.data == null) {
    return record.errors
      .map((e) =>
        typeof e === 'object' && e !== null ? String((e as { message?: unknown }).message) : String(e),
      )
      .join('; ');
  }
  const code = record.code;
  const message = record.msg ?? record.message;
  if ((typeof code === 'number' || typeof code === 'string') && !isSuccessCode(code))
    return `code ${code}${typeof message === 'string' ? `: ${message}` : ''}`;
  return undefined;
}

/** 0 (numeric codes) and `"0"` / `"000000"` (Antpool's Operator API) mean success. */
export function isSuccessCode(code: number | string): boolean {
  return typeof code === 'number' ? code === 0 : /^0+$/.test(code);
}
