import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { MinerTimeoutError } from '../errors/miner-timeout-error.ts';
import type { JsonObject } from '../reading/json-values.ts';
import { type Endpoint, formatEndpoint, type Timeouts } from './endpoint.ts';
import type { WireDefect } from './lenient-json.ts';
import { parseReplyObject } from './reply-text.ts';
import { MAX_REPLY_BYTES, tcpExchange } from './tcp-exchange.ts';

/** Frames a JSON request as the Whatsminer API 3.x expects: 4-byte little-endian length, then the JSON. */
export function frameLengthPrefixed(request: object): Buffer {
  const json = Buffer.from(JSON.stringify(request), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32LE(json.length, 0);
  return Buffer.concat([header, json]);
}

/**
 * JSON over TCP framed with a 4-byte little-endian length (Whatsminer API 3.x, port 4433). One request
 * per connection. A declared length above `MAX_REPLY_BYTES`, or a connection closed before the declared
 * length arrived, is a `MinerProtocolError` (the latter after trying to repair the truncated JSON).
 */
export class LengthPrefixedTransport {
  readonly where: string;

  constructor(
    readonly endpoint: Endpoint,
    readonly timeouts: Timeouts,
  ) {
    this.where = formatEndpoint(endpoint);
  }

  async exchange(
    request: object,
    what: string,
  ): Promise<{ body: JsonObject; defects: readonly WireDefect[] }> {
    const reply = await tcpExchange(
      this.endpoint,
      frameLengthPrefixed(request),
      this.timeouts,
      what,
      (bytes) => {
        if (bytes.length < 4) return false;
        return bytes.length >= 4 + bytes.readUInt32LE(0);
      },
    );
    const bytes = reply.bytes;
    if (bytes.length < 4) {
      if (reply.end === 'timeout')
        throw new MinerTimeoutError(this.where, 'read', this.timeouts.readTimeoutMs, what);
      throw new MinerProtocolError(
        this.where,
        what,
        'reply shorter than its 4-byte length header',
        bytes.toString('latin1'),
      );
    }
    const declared = bytes.readUInt32LE(0);
    if (declared > MAX_REPLY_BYTES) {
      throw new MinerProtocolError(
        this.where,
        what,
        `declared length ${declared} is not plausible (not a length-prefixed API?)`,
        bytes.subarray(0, 64).toString('latin1'),
      );
    }
    const payload = bytes.subarray(4, 4 + declared);
    const parsed = parseReplyObject(payload, this.where, what);
    if (payload.length < declared && reply.end === 'timeout') {
      throw new MinerTimeoutError(this.where, 'read', this.timeouts.readTimeoutMs, what);
    }
    const defects: WireDefect[] = [...parsed.defects];
    if (payload.length < declared && !defects.includes('truncated')) defects.push('truncated');
    return { body: parsed.body, defects };
  }
}
