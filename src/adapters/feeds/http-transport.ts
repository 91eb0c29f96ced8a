import { SwitchyardError } from '../../core/errors/index.ts';
import { feedReplyInvalid, feedUnavailable } from './feed-error.ts';

export interface HttpRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

export interface HttpReply {
  readonly status: number;
  readonly bytes: Uint8Array;
}

/** How feeds reach their providers: `fetchTransport` in production, scripted replies in tests. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpReply>;

/** HTTP over the runtime's fetch. */
export const fetchTransport: HttpTransport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  });
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
};

/** The URL without its query (which may carry credentials), for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Sends a request; a refused connection, an abort (timeout) or a non-2xx status is SY_ERR_FEED_UNAVAILABLE. */
export async function send(
  feedId: string,
  transport: HttpTransport,
  request: HttpRequest,
  acceptStatus: readonly number[] = [],
): Promise<HttpReply> {
  let reply: HttpReply;
  try {
    reply = await transport(request);
  } catch (error) {
    if (error instanceof SwitchyardError) throw error;
    const reason = request.signal.aborted ? 'no reply before the timeout' : (error as Error).message;
    throw feedUnavailable(feedId, `${redactedUrl(request.url)}: ${reason}`, error);
  }
  if ((reply.status < 200 || reply.status > 299) && !acceptStatus.includes(reply.status)) {
    throw feedUnavailable(feedId, `${redactedUrl(request.url)} answered HTTP ${reply.status}`);
  }
  return reply;
}

/** Sends a request and parses its JSON body; a body that is not JSON is SY_ERR_FEED_REPLY_INVALID. */
export async function getJson(
  feedId: string,
  transport: HttpTransport,
  request: HttpRequest,
  acceptStatus: readonly number[] = [],
): Promise<unknown> {
  const reply = await send(feedId, transport, request, acceptStatus);
  const text = new TextDecoder().decode(reply.bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw feedReplyInvalid(
      feedId,
      `${redactedUrl(request.url)} did not answer JSON (${JSON.stringify(text.slice(0, 60))})`,
    );
  }
}
