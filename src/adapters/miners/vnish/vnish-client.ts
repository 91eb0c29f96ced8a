import {
  type MinerClientOptions,
  overrideRange,
  type ResolvedOptions,
  resolveOptions,
} from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { assertPowerTargetAllowed } from '../control/guards.ts';
import { checkAsleep, checkAwake, checkPowerTarget, verifyByReadBack } from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerError } from '../errors/miner-error.ts';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asArray, asNumber, asObject, asText, at, type JsonObject } from '../reading/json-values.ts';
import { HttpJsonTransport, type HttpMethod } from '../transport/http-json-transport.ts';
import { parseVnish } from './parse-vnish.ts';

export interface VnishOptions extends MinerClientOptions {
  /** The web password `POST /api/v1/unlock` takes; `admin` by default. */
  readonly password?: string;
}

/**
 * VNish (AnthillOS UI) through its REST API `/api/v1` on the web port (80). Reads are open:
 * `summary`, `info`, `perf-summary`. Privileged calls carry `Authorization: Bearer <token>` from
 * `POST /api/v1/unlock {"pw":..}`. Sleep = `POST mining/stop`, wake = `POST mining/start`; power target =
 * the autotune preset (named by its watts) with the most W not above the target, set through
 * `POST settings {"miner":{"overclock":{..,"preset":"<W>"}}}` with every other overclock field as read.
 */
export class VnishClient implements MinerClient {
  readonly dialect = 'vnish' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly http: HttpJsonTransport;
  private readonly password: string;
  private token: string | null = null;

  constructor(options: VnishOptions) {
    this.options = resolveOptions(options, 80);
    this.endpoint = this.options.where;
    this.http = new HttpJsonTransport(this.options.endpoint, this.options.timeouts);
    this.password = options.password ?? 'admin';
  }

  async read(): Promise<MinerReading> {
    const warnings: string[] = [];
    const summary = await this.api('GET', 'summary');
    const optional = async (path: string) => {
      try {
        return await this.api('GET', path);
      } catch (error) {
        if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
        warnings.push(`${path} not available: ${error.problem}`);
        return null;
      }
    };
    const info = await optional('info');
    const perf = await optional('perf-summary');
    if (!asObject(at(summary, 'miner'))) {
      throw new MinerProtocolError(
        this.endpoint,
        'GET summary',
        'no "miner" block',
        excerptOf(JSON.stringify(summary)),
      );
    }
    return finishReading(parseVnish(summary, info, perf, this.endpoint, warnings), {
      specs: this.options.specs,
      nowMs: this.options.clock.nowMs(),
    });
  }

  async capabilities(): Promise<MinerCapabilities> {
    const presets = await this.presetWatts().catch((error: unknown) => {
      if (error instanceof MinerError) return [] as number[];
      throw error;
    });
    const range = overrideRange(
      {
        min: presets.length > 0 ? Math.min(...presets) : null,
        max: presets.length > 0 ? Math.max(...presets) : null,
        source: presets.length > 0 ? 'VNish autotune presets' : null,
      },
      this.options.powerRangeW,
    );
    return {
      canSleep: true,
      canSetPowerTarget: presets.length > 0,
      minPowerW: range.min,
      maxPowerW: range.max,
      powerRangeSource: range.source,
      notes: presets.length > 0 ? [] : ['no autotune presets listed: no power target'],
    };
  }

  async sleep(): Promise<ControlResult> {
    const ack = await acknowledgement(() => this.command('mining/stop'));
    return verifyByReadBack(() => this.read(), checkAsleep, this.options.verify, `mining/stop: ${ack}`);
  }

  async wake(): Promise<ControlResult> {
    const ack = await acknowledgement(() => this.command('mining/start'));
    return verifyByReadBack(() => this.read(), checkAwake, this.options.verify, `mining/start: ${ack}`);
  }

  async setPowerTarget(watts: number): Promise<ControlResult> {
    assertPowerTargetAllowed(await this.capabilities(), this.endpoint, watts);
    const presets = await this.presetWatts();
    const preset = Math.max(...presets.filter((w) => w <= watts));
    if (!Number.isFinite(preset)) {
      throw new MinerCommandRefusedError(
        this.endpoint,
        'set a power target',
        null,
        `no preset at or below ${watts} W`,
      );
    }
    const settings = asObject(await this.api('GET', 'settings'));
    const overclock = asObject(at(settings, 'miner', 'overclock')) ?? {};
    const ack = await acknowledgement(async () =>
      JSON.stringify(
        await this.api(
          'POST',
          'settings',
          { miner: { overclock: { ...overclock, preset: String(preset) } } },
          true,
        ),
      ),
    );
    return verifyByReadBack(
      () => this.read(),
      (reading) => checkPowerTarget(reading, preset),
      this.options.verify,
      `settings overclock.preset ${preset}: ${ack}`,
    );
  }

  private async presetWatts(): Promise<number[]> {
    const body = await this.api('GET', 'autotune/presets');
    const list = Array.isArray(body) ? body : asArray(asObject(body)?.presets);
    return list.flatMap((item) => {
      const watts = asNumber(asText(asObject(item)?.name));
      return watts === null ? [] : [watts];
    });
  }

  private async command(path: string): Promise<string> {
    return JSON.stringify(await this.api('POST', path, undefined, true));
  }

  private async unlock(): Promise<string> {
    const response = await this.http.request('POST', '/api/v1/unlock', { pw: this.password });
    const token = asText(at(response.body, 'token'));
    if (response.status < 200 || response.status >= 300 || !token) {
      throw new MinerCommandRefusedError(
        this.endpoint,
        'unlock',
        response.status,
        'the web password was not accepted',
      );
    }
    this.token = token;
    return token;
  }

  /** One call; privileged ones unlock first (and once more on 401); non-2xx throws `MinerCommandRefusedError`. */
  private async api(method: HttpMethod, path: string, body?: unknown, privileged = false): Promise<unknown> {
    const headers = (token: string | null): Record<string, string> =>
      token ? { authorization: `Bearer ${token}` } : {};
    let token = privileged ? (this.token ?? (await this.unlock())) : this.token;
    let response = await this.http.request(method, `/api/v1/${path}`, body, headers(token));
    if (response.status === 401) {
      token = await this.unlock();
      response = await this.http.request(method, `/api/v1/${path}`, body, headers(token));
    }
    if (response.status < 200 || response.status >= 300) {
      const message =
        asText(at(response.body, 'message')) ??
        (response.text.trim().slice(0, 200) || `HTTP ${response.status}`);
      throw new MinerCommandRefusedError(this.endpoint, `${method} ${path}`, response.status, message);
    }
    return response.body as JsonObject | unknown;
  }
}
