import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerError } from '../errors/miner-error.ts';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { MinerTimeoutError } from '../errors/miner-timeout-error.ts';
import { firstObject, type JsonObject } from '../reading/json-values.ts';
import { checkCgminerStatus } from './cgminer-status.ts';
import { type Endpoint, formatEndpoint, type Timeouts } from './endpoint.ts';
import type { WireDefect } from './lenient-json.ts';
import { parseReplyObject } from './reply-text.ts';
import { tcpExchange } from './tcp-exchange.ts';

/** One successful reply of the cgminer-style JSON API. */
export interface CgminerReply {
  readonly command: string;
  readonly body: JsonObject;
  readonly defects: readonly WireDefect[];
  /** The miner's clock from `STATUS.When`, s (epoch or uptime, depending on the firmware). */
  readonly minerTimeS: number | null;
}

/** Per command: its reply, or the typed error it produced. */
export type CgminerResults = ReadonlyMap<string, CgminerReply | MinerError>;

/**
 * The cgminer JSON API over TCP (port 4028): one `{"command":..,"parameter":..}` per connection, the
 * reply ends with a NUL byte or when the miner closes the connection. Used for stock Bitmain
 * cgminer/bmminer, LuxOS, Avalon and btminer 2.x.
 */
export class CgminerTransport {
  readonly where: string;
  /** Set to false once the firmware rejects "a+b" multi-commands; then commands go one by one. */
  private combinedSupported = true;

  constructor(
    readonly endpoint: Endpoint,
    readonly timeouts: Timeouts,
  ) {
    this.where = formatEndpoint(endpoint);
  }

  /** Sends one command and checks its STATUS; a refusal throws `MinerCommandRefusedError`. */
  async command(command: string, parameter?: string | null): Promise<CgminerReply> {
    const request: Record<string, string> = { command };
    if (parameter !== undefined && parameter !== null) request.parameter = parameter;
    // The parameter is left out of messages: LuxOS puts its session id there.
    const { body, defects } = await this.exchange(request, command);
    const minerTimeS = checkCgminerStatus(body, this.where, command, defects.includes('truncated'));
    return { command, body, defects, minerTimeS };
  }

  /** Sends any JSON object and returns the parsed reply without checking its status (btminer `enc`). */
  async exchange(
    request: object,
    what: string,
  ): Promise<{ body: JsonObject; defects: readonly WireDefect[] }> {
    const reply = await tcpExchange(
      this.endpoint,
      Buffer.from(JSON.stringify(request), 'utf8'),
      this.timeouts,
      what,
      (bytes) => bytes.includes(0),
    );
    const parsed = parseReplyObject(reply.bytes, this.where, what);
    if (reply.end === 'timeout' && parsed.defects.includes('truncated')) {
      throw new MinerTimeoutError(this.where, 'read', this.timeouts.readTimeoutMs, what);
    }
    return parsed;
  }

  /**
   * Several read commands. Tries `"a+b+c"` first (one connection); if the firmware rejects or garbles
   * the combination, remembers that and sends them one by one. Each command's outcome is kept
   * separately so one refused command does not lose the others. Unreachable and timeout errors abort.
   */
  async commands(commands: readonly string[]): Promise<CgminerResults> {
    const results = new Map<string, CgminerReply | MinerError>();
    if (commands.length > 1 && this.combinedSupported) {
      try {
        const joined = commands.join('+');
        const { body, defects } = await this.exchange({ command: joined }, joined);
        const topStatus = firstObject(body.STATUS);
        if (topStatus && !commands.some((command) => command in body)) {
          // A single status for the whole request: usually "Invalid command" from old firmware.
          checkCgminerStatus(body, this.where, joined);
          throw new MinerProtocolError(
            this.where,
            joined,
            'no per-command replies',
            excerptOf(JSON.stringify(body)),
          );
        }
        for (const command of commands) {
          const sub = firstObject(body[command]);
          if (!sub) continue;
          try {
            const minerTimeS = checkCgminerStatus(sub, this.where, command, defects.includes('truncated'));
            results.set(command, { command, body: sub, defects, minerTimeS });
          } catch (error) {
            if (error instanceof MinerError) results.set(command, error);
            else throw error;
          }
        }
      } catch (error) {
        if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
        this.combinedSupported = false;
      }
    }
    for (const command of commands) {
      if (results.has(command)) continue;
      try {
        results.set(command, await this.command(command));
      } catch (error) {
        if (error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError) {
          results.set(command, error);
        } else {
          throw error;
        }
      }
    }
    return results;
  }
}
