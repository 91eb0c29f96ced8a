import { ReplySet } from '../cgminer/reply-set.ts';
import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { UnsupportedCommandError } from '../errors/unsupported-command-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { CgminerTransport } from '../transport/cgminer-transport.ts';
import { parseAntminer } from './parse-antminer.ts';

const READ_COMMANDS = ['summary', 'stats', 'pools', 'version'];

const READ_ONLY =
  'the stock Bitmain cgminer/bmminer API on port 4028 is read-only; sleep and power modes exist only in ' +
  'the web interface, which this client does not drive';

const CAPABILITIES: MinerCapabilities = {
  canSleep: false,
  canSetPowerTarget: false,
  minPowerW: null,
  maxPowerW: null,
  powerRangeSource: null,
  notes: [READ_ONLY],
};

/** Stock Bitmain firmware (cgminer/bmminer JSON API on TCP 4028): read-only. */
export class AntminerStockClient implements MinerClient {
  readonly dialect = 'antminer-stock' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly transport: CgminerTransport;

  constructor(options: MinerClientOptions) {
    this.options = resolveOptions(options, 4028);
    this.endpoint = this.options.where;
    this.transport = new CgminerTransport(this.options.endpoint, this.options.timeouts);
  }

  async read(): Promise<MinerReading> {
    const replies = new ReplySet(await this.transport.commands(READ_COMMANDS), ['summary']);
    return finishReading(parseAntminer(replies, this.endpoint), {
      specs: this.options.specs,
      nowMs: this.options.clock.nowMs(),
    });
  }

  async capabilities(): Promise<MinerCapabilities> {
    return CAPABILITIES;
  }

  /** Always throws `UnsupportedCommandError`; nothing is sent. */
  async sleep(): Promise<ControlResult> {
    throw new UnsupportedCommandError(this.endpoint, 'sleep', READ_ONLY);
  }

  /** Always throws `UnsupportedCommandError`; nothing is sent. */
  async wake(): Promise<ControlResult> {
    throw new UnsupportedCommandError(this.endpoint, 'wake', READ_ONLY);
  }

  /** Always throws `UnsupportedCommandError`; nothing is sent. */
  async setPowerTarget(_watts: number): Promise<ControlResult> {
    throw new UnsupportedCommandError(this.endpoint, 'set a power target', READ_ONLY);
  }
}
