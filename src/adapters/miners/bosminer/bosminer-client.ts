import { ReplySet } from '../cgminer/reply-set.ts';
import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { checkAsleep, checkAwake, verifyByReadBack } from '../control/verify.ts';
import { UnsupportedCommandError } from '../errors/unsupported-command-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { CgminerTransport } from '../transport/cgminer-transport.ts';
import { parseBosminer } from './parse-bosminer.ts';

const READ_COMMANDS = ['summary', 'devs', 'temps', 'fans', 'pools', 'version', 'tunerstatus'];

const NO_POWER_TARGET =
  "BOSminer's cgminer API sets no power target (Braiins OS+ takes it over GraphQL or REST)";

/**
 * BOSminer's cgminer-compatible API (TCP 4028): Braiins OS before its REST API and Braiins OS+ whose
 * GraphQL or REST is not reachable. Reads `summary`, `devs`, `temps`, `fans`, `pools`, `tunerstatus`;
 * sleeps and wakes with the API's `pause` / `resume` ("pauses mining and stops power consumption").
 * No power target over this API.
 */
export class BosminerClient implements MinerClient {
  readonly dialect = 'bosminer' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly transport: CgminerTransport;
  private paused = false;

  constructor(options: MinerClientOptions) {
    this.options = resolveOptions(options, 4028);
    this.endpoint = this.options.where;
    this.transport = new CgminerTransport(this.options.endpoint, this.options.timeouts);
  }

  async read(): Promise<MinerReading> {
    const replies = new ReplySet(await this.transport.commands(READ_COMMANDS), ['summary']);
    return finishReading(parseBosminer(replies, this.endpoint, this.paused), {
      specs: this.options.specs,
      nowMs: this.options.clock.nowMs(),
    });
  }

  async capabilities(): Promise<MinerCapabilities> {
    return {
      canSleep: true,
      canSetPowerTarget: false,
      minPowerW: null,
      maxPowerW: null,
      powerRangeSource: null,
      notes: [NO_POWER_TARGET],
    };
  }

  async sleep(): Promise<ControlResult> {
    const ack = await acknowledgement(async () => {
      const reply = await this.transport.command('pause');
      return JSON.stringify(reply.body.STATUS ?? 'OK');
    });
    this.paused = true;
    return verifyByReadBack(() => this.read(), checkAsleep, this.options.verify, `pause: ${ack}`);
  }

  async wake(): Promise<ControlResult> {
    const ack = await acknowledgement(async () => {
      const reply = await this.transport.command('resume');
      return JSON.stringify(reply.body.STATUS ?? 'OK');
    });
    this.paused = false;
    return verifyByReadBack(() => this.read(), checkAwake, this.options.verify, `resume: ${ack}`);
  }

  async setPowerTarget(_watts: number): Promise<ControlResult> {
    throw new UnsupportedCommandError(this.endpoint, 'set a power target', NO_POWER_TARGET);
  }
}
