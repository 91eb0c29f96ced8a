import { ReplySet } from '../cgminer/reply-set.ts';
import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { readOnlyCapabilities } from '../control/guards.ts';
import {
  ASLEEP_BELOW_THS,
  type CheckOutcome,
  checkAsleep,
  checkAwake,
  verifyByReadBack,
} from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerError } from '../errors/miner-error.ts';
import { UnsupportedCommandError } from '../errors/unsupported-command-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asNumber } from '../reading/json-values.ts';
import { CgminerTransport } from '../transport/cgminer-transport.ts';
import { AntminerWeb, WORK_MODE, withWorkMode, workModeOf } from './antminer-web.ts';
import { bitmainStatsBlock, parseAntminer } from './parse-antminer.ts';

const READ_COMMANDS = ['summary', 'stats', 'pools', 'version'];

const NO_POWER_TARGET =
  'stock Bitmain firmware takes no power target (its web interface has work modes only: normal, sleep, ' +
  'low power on some models)';

const AFTERMARKET_NOTE =
  'aftermarket firmware on the bmminer API (Hiveon, ASICseer, MSKminer, Blissz): read-only here; ' +
  'its own web interface or tools change work modes';

/** The stats chain block's `Mode` as a number, or `null` when absent or not a number ("H" on S9k). */
function statsMode(replies: ReplySet): number | null {
  const block = bitmainStatsBlock(replies.body('stats'));
  return block ? asNumber(block.Mode) : null;
}

/** How long a failed probe of the web interface is believed before `capabilities()` asks again, ms. */
export const WEB_PROBE_RETRY_MS = 5 * 60_000;

export interface AntminerOptions extends MinerClientOptions {
  /** Port of the web interface (`/cgi-bin/*.cgi`, HTTP Digest). Default 80. */
  readonly webPort?: number;
  /** Web interface user. Default `root`. */
  readonly webUser?: string;
  /** Its password. Default `root`. */
  readonly webPassword?: string;
  /**
   * `antminer-aftermarket` for firmware that keeps the bmminer API but not Bitmain's web CGI (Hiveon,
   * ASICseer, MSKminer, Blissz): read-only, no sleep/wake. Default `antminer-stock`.
   */
  readonly flavour?: 'antminer-stock' | 'antminer-aftermarket';
}

type WebProbe =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly error?: MinerError };

const MODE_NAMES: Record<number, string> = { 0: 'normal', 1: 'sleep', 2: 'high', 3: 'low power' };
const modeName = (mode: number | null) =>
  mode === null ? 'unknown' : `${mode} (${MODE_NAMES[mode] ?? '?'})`;

/** Awake once the work mode is normal; says so when the boards have not started hashing yet. */
function checkWoken(reading: MinerReading): CheckOutcome {
  const outcome = checkAwake(reading);
  return outcome.ok && reading.state !== 'hashing'
    ? { ok: true, detail: `work mode normal, hash boards starting (${outcome.detail})` }
    : outcome;
}

/**
 * Stock Bitmain firmware: readings over the cgminer/bmminer JSON API (TCP 4028, read-only), sleep and
 * wake over the web interface (HTTP, port 80, Digest auth, `root`/`root` by default):
 * `get_miner_conf.cgi` gives the config with `bitmain-work-mode` (0 normal, 1 sleep, 3 low power),
 * `set_miner_conf.cgi` takes the whole config back with `miner-mode` set; every other field, the pools
 * above all, goes back exactly as read.
 *
 * `capabilities()` probes `get_miner_conf.cgi` once: `canSleep` when it answers with a work mode (a
 * failed probe is asked again after `WEB_PROBE_RETRY_MS`, and before every sleep/wake). Once the web
 * interface has answered, `read()` also reads the work mode, so a sleeping miner reads `sleeping`
 * rather than `faulted`: asked only when the cgminer API shows no hashrate (below `ASLEEP_BELOW_THS`:
 * a hashing miner is not asleep), so reading a hashing miner is one cgminer connection. Power targets
 * are never supported.
 */
export class AntminerStockClient implements MinerClient {
  readonly dialect: 'antminer-stock' | 'antminer-aftermarket';
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly transport: CgminerTransport;
  private readonly web: AntminerWeb;
  private readonly webUser: string;
  private probe: { readonly result: WebProbe; readonly atMs: number } | null = null;
  private probing: Promise<WebProbe> | null = null;

  constructor(options: AntminerOptions) {
    this.options = resolveOptions(options, 4028);
    this.endpoint = this.options.where;
    this.transport = new CgminerTransport(this.options.endpoint, this.options.timeouts);
    this.webUser = options.webUser ?? 'root';
    this.dialect = options.flavour ?? 'antminer-stock';
    this.web = new AntminerWeb(
      { host: options.host, port: options.webPort ?? 80 },
      this.options.timeouts,
      this.webUser,
      options.webPassword ?? 'root',
    );
  }

  /** `host:port` of the web interface. */
  get webEndpoint(): string {
    return this.web.where;
  }

  async read(): Promise<MinerReading> {
    const results = await this.transport.commands(READ_COMMANDS);
    // Either `summary` or `stats` gives the hashrate; a reading needs one of them.
    const summary = results.get('summary');
    const stats = results.get('stats');
    if (summary instanceof MinerError && (stats === undefined || stats instanceof MinerError)) throw summary;
    const replies = new ReplySet(results, []);
    let draft = parseAntminer(replies, this.endpoint, null, this.dialect);
    // Only a miner without hashrate may be asleep: the web config's work mode tells sleep from a
    // fault (one HTTP request; a hashing miner, nearly all of a site, costs one cgminer connection).
    const hashing = draft.hashrate5sThs !== null && draft.hashrate5sThs >= ASLEEP_BELOW_THS;
    if (!hashing && this.dialect === 'antminer-stock') {
      const mode = await this.webWorkMode(statsMode(replies) === null);
      if (typeof mode === 'number') draft = parseAntminer(replies, this.endpoint, mode, this.dialect);
      else if (typeof mode === 'string') draft = { ...draft, warnings: [...draft.warnings, mode] };
    }
    return finishReading(draft, { specs: this.options.specs, nowMs: this.options.clock.nowMs() });
  }

  /**
   * The work mode from `get_miner_conf.cgi` when the web interface answered before (or, with
   * `probeFirst`, answers a cached probe now); a warning when the read failed; null when not asked.
   */
  private async webWorkMode(probeFirst: boolean): Promise<number | string | null> {
    if (this.probe?.result.ok !== true && !(probeFirst && (await this.webProbe(false)).ok)) return null;
    try {
      return workModeOf(await this.web.getMinerConf()) ?? null;
    } catch (error) {
      if (!(error instanceof MinerError)) throw error;
      return `get_miner_conf.cgi not available (${error.problem}): sleep state unknown`;
    }
  }

  async capabilities(): Promise<MinerCapabilities> {
    if (this.dialect === 'antminer-aftermarket') {
      return readOnlyCapabilities(AFTERMARKET_NOTE);
    }
    const web = await this.webProbe(false);
    return {
      canSleep: web.ok,
      canSetPowerTarget: false,
      minPowerW: null,
      maxPowerW: null,
      powerRangeSource: null,
      notes: web.ok ? [NO_POWER_TARGET] : [this.noWebNote(web.reason), NO_POWER_TARGET],
    };
  }

  /**
   * Sets work mode 1 (sleep) unless `get_miner_conf` already says so, then reads back until the
   * miner reads `sleeping` with (almost) no hashrate. Throws `UnsupportedCommandError` when the web
   * interface does not answer, `MinerCommandRefusedError` when it rejects the credentials or the config.
   */
  async sleep(): Promise<ControlResult> {
    return this.setWorkMode(WORK_MODE.sleep, 'sleep', checkAsleep);
  }

  /**
   * Sets work mode 0 (normal) when the miner sleeps (mode 1), then reads back until the work mode is no
   * longer sleep. The hash boards take a while longer to start (about a minute); `read()` shows when.
   */
  async wake(): Promise<ControlResult> {
    return this.setWorkMode(WORK_MODE.normal, 'wake', checkWoken);
  }

  /** Always throws `UnsupportedCommandError`; nothing is sent. */
  async setPowerTarget(_watts: number): Promise<ControlResult> {
    throw new UnsupportedCommandError(this.endpoint, 'set a power target', NO_POWER_TARGET);
  }

  private async setWorkMode(
    mode: number,
    command: 'sleep' | 'wake',
    check: (reading: MinerReading) => CheckOutcome,
  ): Promise<ControlResult> {
    if (this.dialect === 'antminer-aftermarket') {
      throw new UnsupportedCommandError(this.endpoint, command, AFTERMARKET_NOTE);
    }
    const web = await this.webProbe(true);
    if (!web.ok) {
      if (web.error instanceof MinerCommandRefusedError && web.error.minerCode === 401) throw web.error;
      throw new UnsupportedCommandError(this.endpoint, command, this.noWebNote(web.reason));
    }
    const config = await this.web.getMinerConf();
    const current = workModeOf(config);
    const needed =
      command === 'sleep' ? current !== WORK_MODE.sleep : current === WORK_MODE.sleep || current === null;
    let ack: string;
    if (needed) {
      const answer = await acknowledgement(() => this.web.setMinerConf(withWorkMode(config, mode)));
      ack = `set_miner_conf miner-mode ${modeName(mode)} (was ${modeName(current)}): ${answer}`;
    } else {
      ack = `work mode already ${modeName(current)}; nothing sent`;
    }
    return verifyByReadBack(() => this.read(), check, this.options.verify, ack);
  }

  /**
   * Whether the web interface answers `get_miner_conf.cgi` with a work mode. A success is kept; a failure
   * is kept for `WEB_PROBE_RETRY_MS`, or asked again at once when `retryFailure` (before a command).
   */
  private async webProbe(retryFailure: boolean): Promise<WebProbe> {
    const cached = this.probe;
    if (
      cached &&
      (cached.result.ok || (!retryFailure && this.options.clock.nowMs() - cached.atMs < WEB_PROBE_RETRY_MS))
    ) {
      return cached.result;
    }
    this.probing ??= this.probeWeb().finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  private async probeWeb(): Promise<WebProbe> {
    let result: WebProbe;
    try {
      const config = await this.web.getMinerConf();
      result =
        workModeOf(config) === null
          ? {
              ok: false,
              reason: 'answers get_miner_conf.cgi without a work mode (firmware without sleep mode)',
            }
          : { ok: true };
    } catch (error) {
      if (!(error instanceof MinerError)) throw error;
      result = { ok: false, reason: `did not answer get_miner_conf.cgi: ${error.problem}`, error };
    }
    this.probe = { result, atMs: this.options.clock.nowMs() };
    return result;
  }

  private noWebNote(reason: string): string {
    return (
      `sleep and wake go through the web interface at ${this.web.where} (HTTP Digest as "${this.webUser}"; ` +
      `the cgminer API is read-only), which ${reason}`
    );
  }
}
