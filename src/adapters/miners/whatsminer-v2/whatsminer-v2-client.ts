import { ReplySet } from '../cgminer/reply-set.ts';
import {
  type MinerClientOptions,
  overrideRange,
  type ResolvedOptions,
  resolveOptions,
} from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { assertCanSleep, assertPowerTargetAllowed } from '../control/guards.ts';
import { checkAsleep, checkAwake, checkPowerTarget, verifyByReadBack } from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerError } from '../errors/miner-error.ts';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { UnsupportedCommandError } from '../errors/unsupported-command-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asObject, asText, firstObject, type JsonObject } from '../reading/json-values.ts';
import { checkCgminerStatus } from '../transport/cgminer-status.ts';
import { type CgminerReply, CgminerTransport } from '../transport/cgminer-transport.ts';
import { parseReplyObject } from '../transport/reply-text.ts';
import { type BtminerToken, decryptBtminer, deriveBtminerToken, encryptBtminer } from './btminer-crypto.ts';
import { parseWhatsminerV2, whatsminerModel } from './parse-whatsminer-v2.ts';

/** btminer answers these only one at a time (no "a+b"). */
const SINGLE_COMMANDS = ['get_version', 'status', 'get_error_code'];
/** How long a `get_version` reply (firmware and API version) is reused by reads, ms. */
export const VERSION_REUSE_MS = 60 * 60_000;
const COMBINED_COMMANDS = ['summary', 'devs', 'pools', 'devdetails'];
/** Tokens live 30 minutes on the miner; renew a little earlier. */
const TOKEN_TTL_MS = 25 * 60_000;

export interface WhatsminerV2Options extends MinerClientOptions {
  /** Password of the miner's `admin` API user (set with WhatsMinerTool); `admin` by default. */
  readonly password?: string;
  /**
   * `whatsminer-v1` for btminer API 1.x: the same read commands and encrypted `power_off`/`power_on`,
   * but no `adjust_power_limit` (it came with API 2.0.5). Default `whatsminer-v2`.
   */
  readonly api?: 'whatsminer-v1' | 'whatsminer-v2';
}

/**
 * MicroBT Whatsminer with btminer API 2.x (TCP 4028). Reads use the plain cgminer-style commands;
 * `power_off` / `power_on` / `adjust_power_limit` are privileged: encrypted with a token from
 * `get_token` (MD5-crypt + AES-256-ECB). The write API must be enabled on the miner.
 */
export class WhatsminerV2Client implements MinerClient {
  readonly dialect: 'whatsminer-v1' | 'whatsminer-v2';
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly transport: CgminerTransport;
  private readonly password: string;
  private token: { value: BtminerToken; expiresAtMs: number } | null = null;
  /** The last `get_version` reply: it changes only with a firmware update (one connection saved per read). */
  private version: { reply: CgminerReply; atMs: number } | null = null;

  constructor(options: WhatsminerV2Options) {
    this.options = resolveOptions(options, 4028);
    this.endpoint = this.options.where;
    this.transport = new CgminerTransport(this.options.endpoint, this.options.timeouts);
    this.password = options.password ?? 'admin';
    this.dialect = options.api ?? 'whatsminer-v2';
  }

  async read(): Promise<MinerReading> {
    // API 1.x has no get_version and refuses devs (its boards are in edevs).
    const v1 = this.dialect === 'whatsminer-v1';
    const combined = v1 ? COMBINED_COMMANDS.map((c) => (c === 'devs' ? 'edevs' : c)) : COMBINED_COMMANDS;
    const results = new Map(await this.transport.commands(combined));
    const nowMs = this.options.clock.nowMs();
    for (const command of v1 ? SINGLE_COMMANDS.filter((c) => c !== 'get_version') : SINGLE_COMMANDS) {
      if (command === 'get_version' && this.version && nowMs - this.version.atMs < VERSION_REUSE_MS) {
        results.set(command, this.version.reply);
        continue;
      }
      try {
        const reply = await this.transport.command(command);
        if (command === 'get_version') this.version = { reply, atMs: nowMs };
        results.set(command, reply);
      } catch (error) {
        if (error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError) {
          results.set(command, error);
        } else {
          throw error;
        }
      }
    }
    const devs = results.get(v1 ? 'edevs' : 'devs');
    if (!v1 && (devs === undefined || devs instanceof MinerError || !Array.isArray(devs.body.DEVS))) {
      // Firmware that refuses `devs` lists its boards in `edevs`.
      try {
        results.set('edevs', await this.transport.command('edevs'));
      } catch (error) {
        if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
      }
    }
    const replies = new ReplySet(results, ['summary']);
    return finishReading(parseWhatsminerV2(replies, this.endpoint, this.dialect), {
      specs: this.options.specs,
      nowMs: this.options.clock.nowMs(),
    });
  }

  async capabilities(): Promise<MinerCapabilities> {
    const model = await this.model();
    const apiVersion = await this.apiVersion();
    const spec = model ? this.options.specs(model) : null;
    // adjust_power_limit exists from API 2.0.5 and "cannot be higher than the ordinary power of the machine".
    const limitOk =
      this.dialect === 'whatsminer-v2' && (apiVersion === null || compareVersions(apiVersion, '2.0.5') >= 0);
    const range = overrideRange(
      { min: null, max: spec?.powerW ?? null, source: spec ? `nameplate of ${spec.model}` : null },
      this.options.powerRangeW,
    );
    const notes: string[] = [];
    if (!limitOk) notes.push(`API ${apiVersion ?? '1.x'} has no adjust_power_limit (needs 2.0.5)`);
    if (!spec) notes.push('model not in the nameplate table: the upper power bound is left to the firmware');
    return {
      canSleep: true,
      canSetPowerTarget: limitOk,
      minPowerW: range.min,
      maxPowerW: range.max,
      powerRangeSource: range.source,
      notes,
    };
  }

  async sleep(): Promise<ControlResult> {
    assertCanSleep(await this.capabilities(), this.endpoint, 'sleep');
    const ack = await acknowledgement(() => this.privileged('power_off', { respbefore: 'true' }));
    return verifyByReadBack(() => this.read(), checkAsleep, this.options.verify, `power_off: ${ack}`);
  }

  async wake(): Promise<ControlResult> {
    assertCanSleep(await this.capabilities(), this.endpoint, 'wake');
    const ack = await acknowledgement(() => this.privileged('power_on', {}));
    return verifyByReadBack(() => this.read(), checkAwake, this.options.verify, `power_on: ${ack}`);
  }

  async setPowerTarget(watts: number): Promise<ControlResult> {
    if (this.dialect === 'whatsminer-v1') {
      throw new UnsupportedCommandError(
        this.endpoint,
        'set a power target',
        'btminer API 1.x has no adjust_power_limit (it came with API 2.0.5)',
      );
    }
    assertPowerTargetAllowed(await this.capabilities(), this.endpoint, watts);
    const limit = Math.round(watts);
    // The miner restarts its mining process to apply a new limit; the reply may be cut short.
    const ack = await acknowledgement(() =>
      this.privileged('adjust_power_limit', { power_limit: String(limit) }),
    );
    return verifyByReadBack(
      () => this.read(),
      (reading) => checkPowerTarget(reading, limit),
      this.options.verify,
      `adjust_power_limit ${limit}: ${ack}`,
    );
  }

  private async model(): Promise<string | null> {
    try {
      return whatsminerModel(
        asText(firstObject((await this.transport.command('devdetails')).body.DEVDETAILS)?.Model),
      );
    } catch (error) {
      if (error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError) return null;
      throw error;
    }
  }

  private async apiVersion(): Promise<string | null> {
    try {
      return asText(asObject((await this.transport.command('get_version')).body.Msg)?.api_ver);
    } catch (error) {
      if (error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError) return null;
      throw error;
    }
  }

  private async currentToken(): Promise<BtminerToken> {
    const now = this.options.clock.nowMs();
    if (this.token && this.token.expiresAtMs > now) return this.token.value;
    const reply = await this.transport.command('get_token');
    const msg = asObject(reply.body.Msg);
    const time = asText(msg?.time);
    const salt = asText(msg?.salt);
    const newsalt = asText(msg?.newsalt);
    if (!time || !salt || !newsalt) {
      throw new MinerProtocolError(
        this.endpoint,
        'get_token',
        'no time/salt/newsalt',
        excerptOf(JSON.stringify(reply.body)),
      );
    }
    const value = deriveBtminerToken(this.password, { time, salt, newsalt });
    this.token = { value, expiresAtMs: now + TOKEN_TTL_MS };
    return value;
  }

  /** Sends an encrypted privileged command, retrying once with a fresh token if the token was refused. */
  private async privileged(command: string, params: Record<string, string>): Promise<string> {
    try {
      return await this.sendPrivileged(command, params);
    } catch (error) {
      if (error instanceof MinerCommandRefusedError && /token/i.test(error.minerMessage)) {
        this.token = null;
        return this.sendPrivileged(command, params);
      }
      throw error;
    }
  }

  private async sendPrivileged(command: string, params: Record<string, string>): Promise<string> {
    const token = await this.currentToken();
    const data = encryptBtminer(
      token.aesKey,
      JSON.stringify({ cmd: command, ...params, token: token.hostSign }),
    );
    const { body } = await this.transport.exchange({ enc: 1, data }, command);
    const reply = decryptedBody(body, token, this.endpoint, command);
    checkCgminerStatus(reply, this.endpoint, command);
    const msg = reply.Msg;
    return typeof msg === 'string' ? msg : JSON.stringify(msg ?? 'OK');
  }
}

/** Privileged replies come as `{"enc":"<base64>"}`; errors (bad token) often in clear. */
function decryptedBody(body: JsonObject, token: BtminerToken, where: string, command: string): JsonObject {
  const enc = body.enc;
  if (typeof enc !== 'string') return body;
  let plain: string;
  try {
    plain = decryptBtminer(token.aesKey, enc);
  } catch (error) {
    throw new MinerProtocolError(where, command, 'encrypted reply does not decrypt', excerptOf(enc), {
      cause: error,
    });
  }
  return parseReplyObject(Buffer.from(plain, 'utf8'), where, command).body;
}

/** Compares dotted versions numerically: `2.0.10` > `2.0.5`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const pb = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
