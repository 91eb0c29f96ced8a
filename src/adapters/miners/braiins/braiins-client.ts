import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { assertCanSleep, assertPowerTargetAllowed } from '../control/guards.ts';
import { checkAsleep, checkAwake, checkPowerTarget, verifyByReadBack } from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asNumber, asText, at } from '../reading/json-values.ts';
import { HttpJsonTransport, type HttpMethod } from '../transport/http-json-transport.ts';
import { defectWarnings } from '../transport/reply-text.ts';
import { braiinsPowerCapabilities } from './braiins-power-capabilities.ts';
import { parseBraiins } from './parse-braiins.ts';

export interface BraiinsOptions extends MinerClientOptions {
  /** Web/API user; `root` by default. */
  readonly username?: string;
  /** Its password; `root` by default. */
  readonly password?: string;
}

/**
 * Braiins OS (25.x) through its REST API `/api/v1` over HTTP (port 80). Reads need no login on most
 * builds; on 401 the client logs in (`POST /api/v1/auth/login`) and retries with the token in
 * `Authorization`. Sleep = `PUT actions/pause`, wake = `PUT actions/resume`, power target =
 * `PUT performance/power-target`; the range comes from `GET configuration/constraints`.
 */
export class BraiinsClient implements MinerClient {
  readonly dialect = 'braiins-os' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly http: HttpJsonTransport;
  private readonly username: string;
  private readonly password: string;
  private token: string | null = null;

  constructor(options: BraiinsOptions) {
    this.options = resolveOptions(options, 80);
    this.endpoint = this.options.where;
    this.http = new HttpJsonTransport(this.options.endpoint, this.options.timeouts);
    this.username = options.username ?? 'root';
    this.password = options.password ?? 'root';
  }

  /** One API call; logs in and retries once on 401; other non-2xx statuses throw `MinerCommandRefusedError`. */
  async api(method: HttpMethod, path: string, body?: unknown, warnings?: string[]): Promise<unknown> {
    let response = await this.http.request(method, `/api/v1/${path}`, body, this.authHeader());
    if (response.status === 401) {
      await this.login();
      response = await this.http.request(method, `/api/v1/${path}`, body, this.authHeader());
    }
    if (response.status < 200 || response.status >= 300) {
      const message =
        asText(at(response.body, 'message')) ??
        (response.text.trim().slice(0, 200) || `HTTP ${response.status}`);
      throw new MinerCommandRefusedError(this.endpoint, `${method} ${path}`, response.status, message);
    }
    warnings?.push(...defectWarnings(path, response.defects));
    return response.body;
  }

  async read(): Promise<MinerReading> {
    const warnings: string[] = [];
    const optional = async (path: string) => {
      try {
        return await this.api('GET', path, undefined, warnings);
      } catch (error) {
        if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
        warnings.push(`${path} not available: ${error.problem}`);
        return null;
      }
    };
    const details = await this.api('GET', 'miner/details', undefined, warnings);
    const stats = await this.api('GET', 'miner/stats', undefined, warnings);
    const hashboards = await optional('miner/hw/hashboards');
    const cooling = await optional('cooling/state');
    const pools = await optional('pools');
    const tunerState = await optional('performance/tuner-state');
    const configuration = await optional('configuration/miner');
    const errors = await optional('miner/errors');
    const draft = parseBraiins(
      { details, stats, hashboards, cooling, pools, tunerState, configuration, errors, warnings },
      this.endpoint,
    );
    return finishReading(draft, { specs: this.options.specs, nowMs: this.options.clock.nowMs() });
  }

  capabilities(): Promise<MinerCapabilities> {
    return braiinsPowerCapabilities(
      () => this.api('GET', 'configuration/constraints'),
      this.options.powerRangeW,
    );
  }

  async sleep(): Promise<ControlResult> {
    assertCanSleep(await this.capabilities(), this.endpoint, 'sleep');
    const already = await this.api('PUT', 'actions/pause');
    const ack = already === true ? 'pause: was already paused' : 'pause: OK';
    return verifyByReadBack(() => this.read(), checkAsleep, this.options.verify, ack);
  }

  async wake(): Promise<ControlResult> {
    assertCanSleep(await this.capabilities(), this.endpoint, 'wake');
    const already = await this.api('PUT', 'actions/resume');
    const ack = already === true ? 'resume: was already running' : 'resume: OK';
    return verifyByReadBack(() => this.read(), checkAwake, this.options.verify, ack);
  }

  async setPowerTarget(watts: number): Promise<ControlResult> {
    assertPowerTargetAllowed(await this.capabilities(), this.endpoint, watts);
    const target = Math.round(watts);
    const reply = await this.api('PUT', 'performance/power-target', { watt: target });
    const echoed = asNumber(at(reply, 'watt'));
    return verifyByReadBack(
      () => this.read(),
      (reading) => checkPowerTarget(reading, target),
      this.options.verify,
      `power-target ${target} W: miner answered ${echoed ?? '?'} W`,
    );
  }

  private authHeader(): Record<string, string> {
    return this.token ? { authorization: this.token } : {};
  }

  private async login(): Promise<void> {
    this.token = null;
    const response = await this.http.request('POST', '/api/v1/auth/login', {
      username: this.username,
      password: this.password,
    });
    const token = asText(at(response.body, 'token'));
    if (response.status < 200 || response.status >= 300 || !token) {
      const message = asText(at(response.body, 'message')) ?? `login failed (HTTP ${response.status})`;
      throw new MinerCommandRefusedError(this.endpoint, 'login', response.status, message);
    }
    this.token = token;
  }
}
