import { ReplySet } from '../cgminer/reply-set.ts';
import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { assertPowerTargetAllowed } from '../control/guards.ts';
import { checkAsleep, checkAwake, checkPowerTarget, verifyByReadBack } from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerError } from '../errors/miner-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asObject, asText, at, type JsonObject } from '../reading/json-values.ts';
import { checkCgminerStatus } from '../transport/cgminer-status.ts';
import { CgminerTransport } from '../transport/cgminer-transport.ts';
import { HttpJsonTransport } from '../transport/http-json-transport.ts';
import { parseAuradine } from './parse-auradine.ts';

export interface AuradineOptions extends MinerClientOptions {
  /** Web API port; 8080 by default. */
  readonly webPort?: number;
  readonly username?: string;
  readonly password?: string;
}

/**
 * Auradine Teraflux (GCMiner), built to the published API (asic-rs `auradine/v1`; no recorded reply in
 * the shared fixtures): reads over the cgminer-style API on 4028 plus the web API on 8080 (`mode`, `psu`,
 * `fan`); controls over the web API with a `Token` header from `POST /token
 * {"command":"token","user","password"}`: sleep = `POST /mode {"sleep":"on"}`, wake = `{"sleep":"off"}`,
 * power target = `{"mode":"custom","tune":"power","power":W}`; each confirmed by read-back.
 */
export class AuradineClient implements MinerClient {
  readonly dialect = 'auradine' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly transport: CgminerTransport;
  private readonly web: HttpJsonTransport;
  private readonly username: string;
  private readonly password: string;
  private token: string | null = null;

  constructor(options: AuradineOptions) {
    this.options = resolveOptions(options, 4028);
    this.endpoint = this.options.where;
    this.transport = new CgminerTransport(this.options.endpoint, this.options.timeouts);
    this.web = new HttpJsonTransport(
      { host: options.host, port: options.webPort ?? 8080 },
      this.options.timeouts,
    );
    this.username = options.username ?? 'admin';
    this.password = options.password ?? 'admin';
  }

  async read(): Promise<MinerReading> {
    const replies = new ReplySet(await this.transport.commands(['summary', 'devs', 'pools', 'version']), [
      'summary',
    ]);
    const warnings: string[] = [];
    const get = async (path: string): Promise<JsonObject | null> => {
      try {
        const response = await this.web.request(
          'GET',
          `/${path}`,
          undefined,
          this.token ? { token: this.token } : {},
        );
        const body = asObject(response.body);
        if (response.status >= 200 && response.status < 300 && body) return body;
        warnings.push(`web ${path} not available: HTTP ${response.status}`);
      } catch (error) {
        if (!(error instanceof MinerError)) throw error;
        warnings.push(`web ${path} not available: ${error.problem}`);
      }
      return null;
    };
    const web = { mode: await get('mode'), psu: await get('psu'), fan: await get('fan') };
    return finishReading(parseAuradine(replies, web, this.endpoint, warnings), {
      specs: this.options.specs,
      nowMs: this.options.clock.nowMs(),
    });
  }

  async capabilities(): Promise<MinerCapabilities> {
    const range = this.options.powerRangeW;
    return {
      canSleep: true,
      canSetPowerTarget: true,
      minPowerW: range?.min ?? null,
      maxPowerW: range?.max ?? null,
      powerRangeSource: range ? 'caller override' : null,
      notes: [],
    };
  }

  async sleep(): Promise<ControlResult> {
    const ack = await acknowledgement(() => this.mode({ sleep: 'on' }));
    return verifyByReadBack(() => this.read(), checkAsleep, this.options.verify, `mode sleep on: ${ack}`);
  }

  async wake(): Promise<ControlResult> {
    const ack = await acknowledgement(() => this.mode({ sleep: 'off' }));
    return verifyByReadBack(() => this.read(), checkAwake, this.options.verify, `mode sleep off: ${ack}`);
  }

  async setPowerTarget(watts: number): Promise<ControlResult> {
    assertPowerTargetAllowed(await this.capabilities(), this.endpoint, watts);
    const power = Math.round(watts);
    const ack = await acknowledgement(() => this.mode({ mode: 'custom', tune: 'power', power }));
    return verifyByReadBack(
      () => this.read(),
      (reading) => checkPowerTarget(reading, power),
      this.options.verify,
      `mode custom power ${power}: ${ack}`,
    );
  }

  private async login(): Promise<string> {
    const response = await this.web.request('POST', '/token', {
      command: 'token',
      user: this.username,
      password: this.password,
    });
    const token = asText(at(response.body, 'Token', 0, 'Token'));
    if (response.status < 200 || response.status >= 300 || !token) {
      throw new MinerCommandRefusedError(this.endpoint, 'token', response.status, 'user or password refused');
    }
    return token;
  }

  private async mode(body: Record<string, unknown>): Promise<string> {
    this.token ??= await this.login();
    let response = await this.web.request('POST', '/mode', body, { token: this.token });
    if (response.status === 401 || response.status === 403) {
      this.token = await this.login();
      response = await this.web.request('POST', '/mode', body, { token: this.token });
    }
    if (response.status < 200 || response.status >= 300) {
      throw new MinerCommandRefusedError(
        this.endpoint,
        'POST /mode',
        response.status,
        response.text.slice(0, 200),
      );
    }
    const reply = asObject(response.body);
    if (reply) checkCgminerStatus(reply, this.endpoint, 'mode');
    return response.text.trim() || 'OK';
  }
}
