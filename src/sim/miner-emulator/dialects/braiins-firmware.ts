import type { EmulatedMiner } from '../emulated-miner.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';
import {
  activeFaults,
  emulatedPools,
  epochS,
  type JsonObject,
  round,
  stableMac,
  stableText,
} from './wire-format.ts';

/** One HTTP request, as a REST firmware sees it. */
export interface HttpFirmwareRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON body; `undefined` when there was none, `null` when it was not JSON. */
  readonly body: unknown;
}

export interface HttpFirmwareReply {
  readonly status: number;
  readonly body: unknown;
  /** Extra response headers (e.g. `set-cookie` of a GraphQL login). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A firmware that answers JSON over HTTP (Braiins OS REST). */
export interface HttpFirmware {
  respond(request: HttpFirmwareRequest): HttpFirmwareReply;
}

export interface BraiinsCredentials {
  readonly username: string;
  readonly password: string;
}

export const DEFAULT_BRAIINS_CREDENTIALS: BraiinsCredentials = Object.freeze({
  username: 'root',
  password: 'root',
});

const VERSION = '2025-08-06-0-3881c51d-25.07-plus';
const TOKEN_TIMEOUT_S = 3600;
const MAX_TOKENS = 4;
const PREFIX = '/api/v1/';

const gh = (ths: number) => ({ gigahash_per_second: ths * 1000 });
/** `real_hashrate` of the miner or one board: the recent windows at `nowThs`, the longer ones at `avgThs`. */
const realHashrate = (nowThs: number, avgThs: number) => ({
  last_5s: gh(nowThs),
  last_15s: gh(nowThs),
  last_30s: gh(nowThs),
  last_1m: gh(nowThs),
  last_5m: gh(nowThs),
  last_15m: gh(avgThs),
  last_30m: gh(avgThs),
  last_1h: gh(avgThs),
  last_24h: gh(avgThs),
  since_restart: gh(avgThs),
});
const ok = (body: unknown): HttpFirmwareReply => ({ status: 200, body });
const problem = (status: number, message: string): HttpFirmwareReply => ({
  status,
  body: { code: status === 404 ? 5 : status === 401 ? 16 : 3, message },
});

/**
 * Braiins OS 25.x REST API (`/api/v1`, HTTP). Reads (`version`, `miner/details`, `miner/stats`,
 * `miner/hw/hashboards`, `cooling/state`, `pools`, `performance/tuner-state`, `configuration/miner`,
 * `configuration/constraints`, `miner/errors`, `network`) need no login. `POST auth/login` returns a
 * token that the writes (`PUT actions/pause`, `PUT actions/resume`, `PUT performance/power-target`)
 * must carry in `Authorization`; without it they get 401. Pause/resume answer `true` when the miner
 * already was in that state. A paused miner reports `status` 3.
 */
export class BraiinsFirmware implements HttpFirmware {
  private tokens: { token: string; expiresAtMs: number }[] | null = null;

  constructor(
    readonly miner: EmulatedMiner,
    readonly credentials: BraiinsCredentials = DEFAULT_BRAIINS_CREDENTIALS,
  ) {}

  respond(request: HttpFirmwareRequest): HttpFirmwareReply {
    if (!request.path.startsWith(PREFIX)) return problem(404, 'Not Found');
    const route = request.path.slice(PREFIX.length).replace(/\/+$/, '');
    if (request.method === 'GET') return this.read(route);
    if (request.method === 'POST' && route === 'auth/login') {
      this.miner.recordControl('login');
      return this.login(request.body);
    }
    if (request.method === 'PUT') {
      this.miner.recordControl(
        `PUT ${route}${request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`}`,
      );
      if (!this.authorized(request.headers.authorization)) return problem(401, 'Unauthorized');
      return this.write(route, request.body);
    }
    return problem(405, 'Method Not Allowed');
  }

  private read(route: string): HttpFirmwareReply {
    const miner = this.miner;
    switch (route) {
      case 'version':
        return ok({ major: 1, minor: 0, patch: 0 });
      case 'miner/details':
        return ok(this.details(miner.snapshot()));
      case 'miner/stats':
        return ok(this.stats(miner.snapshot()));
      case 'miner/hw/hashboards':
        return ok({ hashboards: this.hashboards(miner.snapshot()) });
      case 'cooling/state': {
        const snapshot = miner.snapshot();
        return ok({
          fans: snapshot.fansRpm.map((rpm, position) => ({
            position,
            rpm,
            target_speed_ratio: round(snapshot.fanDuty, 2),
          })),
          highest_temperature: {
            id: null,
            location: 1,
            temperature: { degree_c: round(Math.max(...snapshot.boards.map((b) => b.chipTempC)), 1) },
          },
        });
      }
      case 'pools':
        return ok(this.pools(miner.snapshot()));
      case 'performance/tuner-state': {
        const snapshot = miner.snapshot();
        return ok({
          overall_tuner_state: 2,
          mode_state: {
            powertargetmodestate: {
              current_target: { watt: Math.round(snapshot.powerTargetW) },
              profile: {
                created: { seconds: epochS(snapshot.nowMs) - 3600, nanos: 0 },
                target: { watt: Math.round(snapshot.appliedPowerTargetW) },
                estimated_power_consumption: { watt: Math.round(snapshot.appliedPowerTargetW) },
                measured_hashrate: gh(snapshot.nominalHashrateThs),
              },
            },
          },
        });
      }
      case 'configuration/miner':
        return ok({
          pool_groups: [],
          tuner: {
            enabled: true,
            tuner_mode: 1,
            power_target: { watt: Math.round(miner.powerTargetW) },
            hashrate_target: null,
          },
        });
      case 'configuration/constraints': {
        const { minW, maxW } = miner.config.powerRangeW;
        return ok({
          tuner_constraints: {
            enabled: { default: true },
            default_mode: 1,
            power_target: {
              min: { watt: Math.ceil(minW) },
              max: { watt: Math.floor(maxW) },
              default: { watt: Math.round(Math.min(miner.config.spec.powerW, maxW)) },
            },
          },
        });
      }
      case 'miner/errors': {
        const snapshot = miner.snapshot();
        return ok({
          errors: activeFaults(snapshot).map((fault) => ({
            message: `Hashboard ${fault.board + 1} stopped hashing`,
            timestamp: new Date(fault.atMs).toISOString(),
            error_codes: [{ code: 'HASHBOARD_NOT_HASHING', reason: 'no nonces from chips', hint: '' }],
            components: [{ name: 'hashboard', index: fault.board + 1 }],
          })),
        });
      }
      case 'network':
        return ok({
          name: 'eth0',
          mac_address: stableMac(miner.seed),
          hostname: 'Antminer',
          protocol: 1,
          dns_servers: ['127.0.0.1'],
          networks: [{ address: '127.0.0.1', netmask: '255.0.0.0' }],
          default_gateway: '127.0.0.1',
        });
      default:
        return problem(404, 'Not Found');
    }
  }

  private write(route: string, body: unknown): HttpFirmwareReply {
    const miner = this.miner;
    switch (route) {
      case 'actions/pause': {
        const already = miner.curtailed;
        miner.sleep();
        return ok(already);
      }
      case 'actions/resume': {
        const already = !miner.curtailed;
        miner.wake();
        return ok(already);
      }
      case 'performance/power-target': {
        const watt = Number((body as { watt?: unknown } | null)?.watt);
        const outcome = miner.setPowerTarget(watt);
        if (!outcome.accepted) return problem(400, outcome.reason);
        return ok({ watt });
      }
      default:
        return problem(404, 'Not Found');
    }
  }

  private login(body: unknown): HttpFirmwareReply {
    const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown };
    if (username !== this.credentials.username || password !== this.credentials.password) {
      return problem(401, 'Invalid username or password');
    }
    const now = this.miner.config.now();
    const token = this.miner.randomText(16);
    this.tokens = (this.tokens ?? []).filter((entry) => entry.expiresAtMs > now);
    this.tokens.push({ token, expiresAtMs: now + TOKEN_TIMEOUT_S * 1000 });
    if (this.tokens.length > MAX_TOKENS) this.tokens.shift();
    return ok({ token, timeout_s: TOKEN_TIMEOUT_S });
  }

  private authorized(header: string | string[] | undefined): boolean {
    const now = this.miner.config.now();
    const value = Array.isArray(header) ? header[0] : header;
    return (this.tokens ?? []).some((entry) => entry.token === value && entry.expiresAtMs > now);
  }

  private details(snapshot: MinerSnapshot): JsonObject {
    const seed = this.miner.seed;
    return {
      uid: stableText(seed, 'uid', 16),
      miner_identity: { brand: 1, model: 18, name: snapshot.model, miner_model: snapshot.model },
      platform: 4,
      bos_mode: 4,
      bos_version: { current: VERSION, major: '2022-09-13-0-11012d53-22.08-plus', bos_plus: true },
      hostname: 'Antminer',
      mac_address: stableMac(seed),
      system_uptime: Math.floor(snapshot.uptimeS) + 40,
      system_uptime_s: Math.floor(snapshot.uptimeS) + 40,
      bosminer_uptime_s: Math.floor(snapshot.uptimeS),
      sticker_hashrate: gh(snapshot.nameplateHashrateThs),
      kernel_version: '4.9.113',
      status: snapshot.curtailed ? 3 : 2,
      control_board_soc_family: 3,
      serial_number: null,
      psu_info: {
        model_name: 'APW121215d/e',
        version: 117,
        min_voltage: { volt: 11.96 },
        max_voltage: { volt: 15.2 },
        serial_number: null,
        fw_version: null,
      },
    };
  }

  private stats(snapshot: MinerSnapshot): JsonObject {
    const now = snapshot.hashrateThs;
    const avg = snapshot.avgHashrateThs;
    const power: JsonObject = { approximated_consumption: { watt: Math.round(snapshot.powerW) } };
    if (now > 0) power.efficiency = { joule_per_terahash: snapshot.powerW / now };
    return {
      miner_stats: {
        nominal_hashrate: gh(snapshot.nominalHashrateThs),
        real_hashrate: realHashrate(now, avg),
        error_hashrate: { megahash_per_second: 0 },
        found_blocks: 0,
        best_share: 776_342_690,
      },
      pool_stats: {
        accepted_shares: snapshot.acceptedShares,
        rejected_shares: snapshot.rejectedShares,
        stale_shares: 0,
        last_difficulty: 262_144,
        best_share: 776_342_690,
        generated_work: snapshot.acceptedShares * 262_144,
        last_share_time: { seconds: epochS(snapshot.nowMs) - 2, nanos: 0 },
      },
      power_stats: power,
    };
  }

  private hashboards(snapshot: MinerSnapshot): JsonObject[] {
    const seed = this.miner.seed;
    return snapshot.boards.map((board) => {
      const now = board.hashrateThs;
      const avg = board.avgHashrateThs;
      return {
        id: String(board.index + 1),
        enabled: true,
        model: 'BHB56801',
        board_name: 'BHB56801',
        chip_type: 'BM1366',
        chips_count: board.chips,
        serial_number: stableText(seed, `hb-${board.index}`, 17, 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'),
        current_frequency: { hertz: board.faulted ? 0 : 486_704_545 },
        current_voltage: { volt: 12.94 },
        board_temp: { degree_c: round(board.boardTempC, 1) },
        highest_chip_temp: { id: 1, location: 1, temperature: { degree_c: round(board.chipTempC, 1) } },
        highest_outlet_temp: { degree_c: round(board.boardTempC, 1) },
        lowest_inlet_temp: { degree_c: round(Math.min(board.boardTempC, snapshot.ambientC + 15), 1) },
        stats: {
          nominal_hashrate: gh(board.nominalHashrateThs),
          real_hashrate: realHashrate(now, avg),
          error_hashrate: { megahash_per_second: 0 },
          found_blocks: 0,
          best_share: 452_989_225,
        },
      };
    });
  }

  private pools(snapshot: MinerSnapshot): JsonObject[] {
    const seed = this.miner.seed;
    return [
      {
        name: 'Default',
        strategy: { quota: { value: 1 } },
        pools: emulatedPools(seed, snapshot).map((pool, index) => ({
          uid: stableText(seed, `pool-${index}`, 16),
          url: pool.url,
          user: pool.user,
          enabled: true,
          alive: true,
          active: pool.active,
          stats: {
            accepted_shares: pool.accepted,
            rejected_shares: pool.rejected,
            stale_shares: 0,
            last_difficulty: pool.active ? 262_144 : 0,
            best_share: pool.active ? 776_342_690 : 0,
            generated_work: pool.accepted * 262_144,
          },
        })),
      },
    ];
  }
}
