import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { assertPowerTargetAllowed } from '../control/guards.ts';
import { checkAsleep, checkAwake, checkPowerTarget, verifyByReadBack } from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asBoolean, asObject, asText, at } from '../reading/json-values.ts';
import { HttpJsonTransport } from '../transport/http-json-transport.ts';
import { parseEpic } from './parse-epic.ts';

export interface EpicOptions extends MinerClientOptions {
  /** PowerPlay's web password, sent in every POST body; `letmein` by default. */
  readonly password?: string;
}

/**
 * ePIC PowerPlay over its HTTP API on port 4028 (built to the published API: asic-rs `epic/v1`; the
 * shared fixtures hold no ePIC reply). Read = `GET /summary`. Controls are `POST`s whose JSON body
 * carries `"password"`: sleep = `/miner {"param":"Stop"}`, wake = `/miner {"param":"Autostart"}`, power
 * target = `/perpetualtune/algo {"param":{"algo":"PowerTune","target":W,...}}`; each answers
 * `{"result": true}` and is confirmed by reading back.
 */
export class EpicClient implements MinerClient {
  readonly dialect = 'epic' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly http: HttpJsonTransport;
  private readonly password: string;

  constructor(options: EpicOptions) {
    this.options = resolveOptions(options, 4028);
    this.endpoint = this.options.where;
    this.http = new HttpJsonTransport(this.options.endpoint, this.options.timeouts);
    this.password = options.password ?? 'letmein';
  }

  async read(): Promise<MinerReading> {
    const response = await this.http.request('GET', '/summary');
    if (response.status < 200 || response.status >= 300) {
      throw new MinerCommandRefusedError(
        this.endpoint,
        'GET /summary',
        response.status,
        response.text.slice(0, 200),
      );
    }
    if (
      !asObject(response.body) ||
      !('HBs' in (response.body as object) || 'Status' in (response.body as object))
    ) {
      throw new MinerProtocolError(
        this.endpoint,
        'GET /summary',
        'not a PowerPlay summary',
        excerptOf(response.text),
      );
    }
    return finishReading(parseEpic(response.body, this.endpoint, []), {
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
      notes: ['PowerTune decides within its own limits when no range is given'],
    };
  }

  async sleep(): Promise<ControlResult> {
    const ack = await acknowledgement(() => this.post('/miner', 'Stop'));
    return verifyByReadBack(() => this.read(), checkAsleep, this.options.verify, `miner Stop: ${ack}`);
  }

  async wake(): Promise<ControlResult> {
    const ack = await acknowledgement(() => this.post('/miner', 'Autostart'));
    return verifyByReadBack(() => this.read(), checkAwake, this.options.verify, `miner Autostart: ${ack}`);
  }

  async setPowerTarget(watts: number): Promise<ControlResult> {
    assertPowerTargetAllowed(await this.capabilities(), this.endpoint, watts);
    const target = Math.round(watts);
    const ack = await acknowledgement(() =>
      this.post('/perpetualtune/algo', { algo: 'PowerTune', target, min_throttle: 0, throttle_step: 5 }),
    );
    return verifyByReadBack(
      () => this.read(),
      (reading) => checkPowerTarget(reading, target),
      this.options.verify,
      `perpetualtune PowerTune ${target}: ${ack}`,
    );
  }

  private async post(path: string, param: unknown): Promise<string> {
    const response = await this.http.request('POST', path, { param, password: this.password });
    const result = asBoolean(at(response.body, 'result'));
    if (response.status < 200 || response.status >= 300 || result === false) {
      const message =
        asText(at(response.body, 'error')) ??
        (response.text.trim().slice(0, 200) || `HTTP ${response.status}`);
      throw new MinerCommandRefusedError(this.endpoint, `POST ${path}`, response.status, message);
    }
    return response.text.trim() || 'OK';
  }
}
