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
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asNumber, asObject, asText, type JsonObject } from '../reading/json-values.ts';
import { LengthPrefixedTransport } from '../transport/length-prefixed-transport.ts';
import { defectWarnings } from '../transport/reply-text.ts';
import { whatsminerModel } from '../whatsminer-v2/parse-whatsminer-v2.ts';
import { parseWhatsminerV3 } from './parse-whatsminer-v3.ts';
import { v3Token } from './v3-token.ts';

export interface WhatsminerV3Options extends MinerClientOptions {
  /** API account for `set.*` commands; `super` by default. */
  readonly account?: string;
  /** Its password; `super` by default. */
  readonly password?: string;
}

/**
 * MicroBT Whatsminer with API 3.x: JSON on TCP 4433 framed by a 4-byte little-endian length.
 * `get.*` commands are open; `set.*` carry `account`, `ts` and a token derived from the device salt.
 * Sleep = `set.miner.service stop`, wake = `start`, power target = `set.miner.power_limit`.
 */
export class WhatsminerV3Client implements MinerClient {
  readonly dialect = 'whatsminer-v3' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly transport: LengthPrefixedTransport;
  private readonly account: string;
  private readonly password: string;

  constructor(options: WhatsminerV3Options) {
    this.options = resolveOptions(options, 4433);
    this.endpoint = this.options.where;
    this.transport = new LengthPrefixedTransport(this.options.endpoint, this.options.timeouts);
    this.account = options.account ?? 'super';
    this.password = options.password ?? 'super';
  }

  /** Sends one command; a non-zero `code` throws `MinerCommandRefusedError`. Returns `msg`. */
  async command(command: string, param?: unknown, warnings?: string[]): Promise<JsonObject> {
    const request = param === undefined ? { cmd: command } : { cmd: command, param };
    const { body, defects } = await this.transport.exchange(request, command);
    warnings?.push(...defectWarnings(param === undefined ? command : `${command} ${String(param)}`, defects));
    const code = asNumber(body.code);
    if (code === null) {
      throw new MinerProtocolError(
        this.endpoint,
        command,
        'no "code" in reply',
        excerptOf(JSON.stringify(body)),
      );
    }
    if (code !== 0) {
      throw new MinerCommandRefusedError(
        this.endpoint,
        command,
        code,
        asText(body.msg) ?? JSON.stringify(body.msg),
      );
    }
    return asObject(body.msg) ?? {};
  }

  async read(): Promise<MinerReading> {
    const warnings: string[] = [];
    const deviceInfo = await this.command('get.device.info', undefined, warnings);
    const summary = await this.command('get.miner.status', 'summary', warnings);
    const optional = async (param: string) => {
      try {
        return await this.command('get.miner.status', param, warnings);
      } catch (error) {
        if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
        warnings.push(`get.miner.status ${param} not available: ${error.problem}`);
        return null;
      }
    };
    const pools = await optional('pools');
    const edevs = await optional('edevs');
    return finishReading(parseWhatsminerV3({ deviceInfo, summary, pools, edevs, warnings }, this.endpoint), {
      specs: this.options.specs,
      nowMs: this.options.clock.nowMs(),
    });
  }

  async capabilities(): Promise<MinerCapabilities> {
    const info = await this.command('get.device.info');
    const model = whatsminerModel(asText(asObject(info.miner)?.type));
    const spec = model ? this.options.specs(model) : null;
    const range = overrideRange(
      { min: null, max: spec?.powerW ?? null, source: spec ? `nameplate of ${spec.model}` : null },
      this.options.powerRangeW,
    );
    return {
      canSleep: true,
      canSetPowerTarget: true,
      minPowerW: range.min,
      maxPowerW: range.max,
      powerRangeSource: range.source,
      notes: spec ? [] : ['model not in the nameplate table: the upper power bound is left to the firmware'],
    };
  }

  async sleep(): Promise<ControlResult> {
    assertCanSleep(await this.capabilities(), this.endpoint, 'sleep');
    const ack = await acknowledgement(() => this.privileged('set.miner.service', 'stop'));
    return verifyByReadBack(
      () => this.read(),
      checkAsleep,
      this.options.verify,
      `set.miner.service stop: ${ack}`,
    );
  }

  async wake(): Promise<ControlResult> {
    assertCanSleep(await this.capabilities(), this.endpoint, 'wake');
    const ack = await acknowledgement(() => this.privileged('set.miner.service', 'start'));
    return verifyByReadBack(
      () => this.read(),
      checkAwake,
      this.options.verify,
      `set.miner.service start: ${ack}`,
    );
  }

  async setPowerTarget(watts: number): Promise<ControlResult> {
    assertPowerTargetAllowed(await this.capabilities(), this.endpoint, watts);
    const limit = Math.round(watts);
    const ack = await acknowledgement(() => this.privileged('set.miner.power_limit', limit));
    return verifyByReadBack(
      () => this.read(),
      (reading) => checkPowerTarget(reading, limit),
      this.options.verify,
      `set.miner.power_limit ${limit}: ${ack}`,
    );
  }

  private async privileged(command: string, param: unknown): Promise<string> {
    const salt = asText((await this.command('get.device.info', 'salt')).salt);
    if (!salt) throw new MinerProtocolError(this.endpoint, 'get.device.info salt', 'no salt in reply', '');
    const ts = Math.floor(this.options.clock.nowMs() / 1000);
    const request = {
      cmd: command,
      param,
      ts,
      account: this.account,
      token: v3Token(command, this.password, salt, ts),
    };
    const { body } = await this.transport.exchange(request, command);
    const code = asNumber(body.code);
    if (code !== 0) {
      throw new MinerCommandRefusedError(
        this.endpoint,
        command,
        code,
        asText(body.msg) ?? JSON.stringify(body),
      );
    }
    return asText(body.msg) ?? 'ok';
  }
}
