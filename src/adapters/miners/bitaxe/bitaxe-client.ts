import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { readOnlyCapabilities } from '../control/guards.ts';
import { verifyByReadBack } from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { UnsupportedCommandError } from '../errors/unsupported-command-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asObject } from '../reading/json-values.ts';
import { HttpJsonTransport } from '../transport/http-json-transport.ts';
import { defectWarnings } from '../transport/reply-text.ts';
import { parseBitaxe } from './parse-bitaxe.ts';

const NO_CURTAIL =
  'AxeOS has no sleep, wake or power target in its API (only restart and frequency/voltage settings)';

/**
 * Bitaxe (AxeOS) over its REST API on the web port: read = `GET /api/system/info`; `restart()` =
 * `POST /api/system/restart`, confirmed when the uptime starts over. AxeOS has no sleep, wake or power
 * target: those throw `UnsupportedCommandError` before anything is sent.
 */
export class BitaxeClient implements MinerClient {
  readonly dialect = 'bitaxe' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly http: HttpJsonTransport;

  constructor(options: MinerClientOptions) {
    this.options = resolveOptions(options, 80);
    this.endpoint = this.options.where;
    this.http = new HttpJsonTransport(this.options.endpoint, this.options.timeouts);
  }

  async read(): Promise<MinerReading> {
    const what = 'GET /api/system/info';
    const response = await this.http.request('GET', '/api/system/info');
    if (response.status < 200 || response.status >= 300) {
      throw new MinerCommandRefusedError(this.endpoint, what, response.status, response.text.slice(0, 200));
    }
    const body = asObject(response.body);
    if (!body || !('hashRate' in body || 'ASICModel' in body)) {
      throw new MinerProtocolError(this.endpoint, what, 'not an AxeOS system info', excerptOf(response.text));
    }
    const draft = parseBitaxe(body, this.endpoint, defectWarnings(what, response.defects));
    return finishReading(draft, { specs: this.options.specs, nowMs: this.options.clock.nowMs() });
  }

  async capabilities(): Promise<MinerCapabilities> {
    return readOnlyCapabilities(NO_CURTAIL);
  }

  async sleep(): Promise<ControlResult> {
    throw new UnsupportedCommandError(this.endpoint, 'sleep', NO_CURTAIL);
  }

  async wake(): Promise<ControlResult> {
    throw new UnsupportedCommandError(this.endpoint, 'wake', NO_CURTAIL);
  }

  async setPowerTarget(_watts: number): Promise<ControlResult> {
    throw new UnsupportedCommandError(this.endpoint, 'set a power target', NO_CURTAIL);
  }

  /** Restarts AxeOS; applied once a read-back shows an uptime below the one before the restart. */
  async restart(): Promise<ControlResult> {
    const before = (await this.read()).uptimeS;
    const ack = await acknowledgement(async () => {
      const response = await this.http.request('POST', '/api/system/restart');
      if (response.status < 200 || response.status >= 300) {
        throw new MinerCommandRefusedError(
          this.endpoint,
          'POST /api/system/restart',
          response.status,
          response.text.slice(0, 200),
        );
      }
      return `restart: ${response.text.trim().slice(0, 80) || `HTTP ${response.status}`}`;
    });
    return verifyByReadBack(
      () => this.read(),
      (reading) => ({
        ok: before !== null && reading.uptimeS !== null && reading.uptimeS < before,
        detail: `uptime ${reading.uptimeS ?? '?'} s (was ${before ?? '?'} s)`,
      }),
      this.options.verify,
      ack,
    );
  }
}
