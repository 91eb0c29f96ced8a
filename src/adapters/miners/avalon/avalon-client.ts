import { ReplySet } from '../cgminer/reply-set.ts';
import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { assertCanSleep } from '../control/guards.ts';
import { checkAsleep, checkAwake, verifyByReadBack } from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerError } from '../errors/miner-error.ts';
import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { UnsupportedCommandError } from '../errors/unsupported-command-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asText, firstObject } from '../reading/json-values.ts';
import type { CgminerReply } from '../transport/cgminer-transport.ts';
import { CgminerTransport } from '../transport/cgminer-transport.ts';
import { parseAvalon, parseAvalonStats } from './parse-avalon.ts';
import { mmNumber } from './parse-mm-stats.ts';

const READ_COMMANDS = ['version', 'summary', 'pools', 'stats'];
/** softoff/softon take an execution time; the firmware's own examples schedule 5 s ahead. */
const SOFT_DELAY_S = 5;

const NO_WATT_TARGET =
  'Avalon firmware takes work modes (setWorkMode), not a watt target; no mode-to-watts table is known';

/** What `ascset 0,help` lists: the options this firmware accepts. */
interface AscsetHelp {
  readonly options: readonly string[];
  /** The miner's clock (STATUS When), s. */
  readonly minerTimeS: number | null;
}

/**
 * Canaan Avalon (cgminer API on TCP 4028). Sleep = `ascset 0,softoff,1:<time>`, wake =
 * `ascset 0,softon,1:<time>`, times on the miner's own clock (from `When`). Whether the firmware has
 * them is read from `ascset 0,help` first. Power is steered with work modes (`setWorkMode`), so
 * `setPowerTarget` is unsupported.
 */
export class AvalonClient implements MinerClient {
  readonly dialect = 'avalon' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly transport: CgminerTransport;
  /** WORKMODE seen by the last read, for verifying `setWorkMode`. */
  private lastWorkMode: number | null = null;

  constructor(options: MinerClientOptions) {
    this.options = resolveOptions(options, 4028);
    this.endpoint = this.options.where;
    this.transport = new CgminerTransport(this.options.endpoint, this.options.timeouts);
  }

  async read(): Promise<MinerReading> {
    const results = await this.transport.commands(READ_COMMANDS);
    const replies = new ReplySet(results, []);
    let stats = parseAvalonStats(replies.body('stats'));
    if (!stats || Object.keys(stats.mm).length === 0) {
      // Newer Avalon Q/Nano firmware can leave stats empty and answer litestats instead.
      const lite = await this.optional('litestats', replies);
      stats = parseAvalonStats(lite) ?? stats;
    }
    if (!stats && !replies.body('summary')) {
      const failure = results.get('stats') ?? results.get('summary');
      if (failure instanceof MinerError) throw failure;
      throw new MinerProtocolError(
        this.endpoint,
        'stats',
        'neither stats nor summary carried miner data',
        '',
      );
    }
    this.lastWorkMode = stats ? mmNumber(stats.mm.WORKMODE) : null;
    return finishReading(parseAvalon(replies, stats, this.endpoint), {
      specs: this.options.specs,
      nowMs: this.options.clock.nowMs(),
    });
  }

  async capabilities(): Promise<MinerCapabilities> {
    return this.capabilitiesOf(await this.help());
  }

  async sleep(): Promise<ControlResult> {
    const help = await this.help();
    assertCanSleep(this.capabilitiesOf(help), this.endpoint, 'sleep');
    const time = this.executionTime(help);
    const ack = await acknowledgement(async () => statusMessage(await this.ascset(`softoff,1:${time}`)));
    return verifyByReadBack(() => this.read(), checkAsleep, this.options.verify, `softoff: ${ack}`);
  }

  async wake(): Promise<ControlResult> {
    const help = await this.help();
    assertCanSleep(this.capabilitiesOf(help), this.endpoint, 'wake');
    const time = this.executionTime(help);
    // Some Avalon firmware closes the connection on softon without answering: the read-back decides.
    const ack = await acknowledgement(async () => statusMessage(await this.ascset(`softon,1:${time}`)));
    return verifyByReadBack(() => this.read(), checkAwake, this.options.verify, `softon: ${ack}`);
  }

  /** Always throws `UnsupportedCommandError` (nothing is sent): see `setWorkMode`. */
  async setPowerTarget(_watts: number): Promise<ControlResult> {
    throw new UnsupportedCommandError(this.endpoint, 'set a power target', NO_WATT_TARGET);
  }

  /**
   * Switches the firmware work mode (`ascset 0,workmode,set,<mode>`; on most models 0 eco/low,
   * 1 standard, 2 high) and verifies `WORKMODE` in `stats`.
   */
  async setWorkMode(mode: number): Promise<ControlResult> {
    if (!Number.isInteger(mode) || mode < 0 || mode > 9) {
      throw new UnsupportedCommandError(
        this.endpoint,
        `set work mode ${mode}`,
        'a work mode is a small integer',
      );
    }
    const help = await this.help();
    if (!help.options.includes('workmode')) {
      throw new UnsupportedCommandError(
        this.endpoint,
        'set work mode',
        'ascset help lists no workmode option',
      );
    }
    const ack = await acknowledgement(async () => statusMessage(await this.ascset(`workmode,set,${mode}`)));
    return verifyByReadBack(
      () => this.read(),
      () => ({ ok: this.lastWorkMode === mode, detail: `WORKMODE reads ${this.lastWorkMode ?? 'nothing'}` }),
      this.options.verify,
      `workmode ${mode}: ${ack}`,
    );
  }

  private capabilitiesOf(help: AscsetHelp): MinerCapabilities {
    const canSleep = help.options.includes('softoff') && help.options.includes('softon');
    const notes = [NO_WATT_TARGET];
    if (!canSleep) notes.unshift('ascset help lists no softoff/softon: this firmware cannot sleep');
    return {
      canSleep,
      canSetPowerTarget: false,
      minPowerW: null,
      maxPowerW: null,
      powerRangeSource: null,
      notes,
    };
  }

  /** `ascset 0,help`; an error reply means an old firmware without these options. */
  private async help(): Promise<AscsetHelp> {
    try {
      const reply = await this.transport.command('ascset', '0,help');
      const message = asText(firstObject(reply.body.STATUS)?.Msg) ?? '';
      const list = message.includes(':') ? message.slice(message.indexOf(':') + 1) : message;
      return {
        options: list
          .split('|')
          .map((option) => option.trim().toLowerCase())
          .filter(Boolean),
        minerTimeS: reply.minerTimeS,
      };
    } catch (error) {
      if (error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError) {
        return { options: [], minerTimeS: null };
      }
      throw error;
    }
  }

  private executionTime(help: AscsetHelp): number {
    const now = help.minerTimeS ?? Math.floor(this.options.clock.nowMs() / 1000);
    return Math.floor(now) + SOFT_DELAY_S;
  }

  private async ascset(argument: string): Promise<CgminerReply> {
    const reply = await this.transport.command('ascset', `0,${argument}`);
    const message = statusMessage(reply);
    // Avalon reports some failures with an info status and a message that is not "success"/"OK".
    if (/fail|error|invalid|unknown/i.test(message) && !/success|ok/i.test(message)) {
      throw new MinerCommandRefusedError(this.endpoint, `ascset ${argument.split(',')[0]}`, null, message);
    }
    return reply;
  }

  private async optional(command: string, replies: ReplySet) {
    try {
      const reply = await this.transport.command(command);
      replies.add(command, reply.body);
      return reply.body;
    } catch (error) {
      if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
      replies.warnings.push(`${command} not available: ${error.problem}`);
      return null;
    }
  }
}

function statusMessage(reply: CgminerReply): string {
  return asText(firstObject(reply.body.STATUS)?.Msg) ?? 'OK';
}
