import { AntminerWeb } from '../antminer/antminer-web.ts';
import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { readOnlyCapabilities } from '../control/guards.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { UnsupportedCommandError } from '../errors/unsupported-command-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asObject, at } from '../reading/json-values.ts';
import { parseElphapex } from './parse-elphapex.ts';

export interface ElphapexOptions extends MinerClientOptions {
  /** Web user and password (HTTP Digest, as Bitmain's CGI); root/root by default. */
  readonly username?: string;
  readonly password?: string;
}

const NO_CURTAIL =
  'the Elphapex web API shows no sleep or power target (only `fc-work-mode`/frequency in set_miner_conf, not documented)';

/**
 * Elphapex DG-series (Scrypt) through its web CGI on the web port (HTTP Digest like Bitmain's):
 * `summary.cgi` (required), `stats.cgi`, `pools.cgi`, `get_system_info.cgi`. Read-only: no documented
 * sleep or power target, so those throw `UnsupportedCommandError` before anything is sent.
 */
export class ElphapexClient implements MinerClient {
  readonly dialect = 'elphapex' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly web: AntminerWeb;

  constructor(options: ElphapexOptions) {
    this.options = resolveOptions(options, 80);
    this.endpoint = this.options.where;
    this.web = new AntminerWeb(
      this.options.endpoint,
      this.options.timeouts,
      options.username ?? 'root',
      options.password ?? 'root',
    );
  }

  async read(): Promise<MinerReading> {
    const warnings: string[] = [];
    const optional = async (name: string) => {
      try {
        return await this.web.getJson(`/cgi-bin/${name}.cgi`);
      } catch (error) {
        if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
        warnings.push(`${name}.cgi not available: ${error.problem}`);
        return null;
      }
    };
    const summary = await this.web.getJson('/cgi-bin/summary.cgi');
    if (!asObject(summary) || !Array.isArray(at(summary, 'SUMMARY'))) {
      throw new MinerProtocolError(this.endpoint, 'GET /cgi-bin/summary.cgi', 'no SUMMARY list', '');
    }
    const replies = {
      summary,
      stats: await optional('stats'),
      pools: await optional('pools'),
      systemInfo: await optional('get_system_info'),
      warnings,
    };
    return finishReading(parseElphapex(replies, this.endpoint), {
      specs: this.options.specs,
      nowMs: this.options.clock.nowMs(),
    });
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
}
