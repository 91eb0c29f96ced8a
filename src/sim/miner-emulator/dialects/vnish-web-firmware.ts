import type { EmulatedMiner } from '../emulated-miner.ts';
import type { HttpFirmware, HttpFirmwareReply, HttpFirmwareRequest } from './braiins-firmware.ts';
import { emulatedPools, round, stableText } from './wire-format.ts';

const PREFIX = '/api/v1/';
const FW_VERSION = '1.2.7';
export const DEFAULT_VNISH_PASSWORD = 'admin';

/**
 * VNish's REST API (`/api/v1` on port 80) as recorded from VNish 1.2.7 (proto-fleet S21 Pro capture):
 * `GET summary` (the `miner` block, hashrates in GH/s), `info`, `perf-summary` (the current preset,
 * named by its watts), `autotune/presets`, `settings`; `POST unlock {"pw"}` -> `{"token"}`; with
 * `Authorization: Bearer <token>`: `POST mining/stop`, `mining/start`, `settings` (overclock.preset sets
 * the power target).
 */
export class VnishWebFirmware implements HttpFirmware {
  private readonly tokens = new Set<string>();

  constructor(
    readonly miner: EmulatedMiner,
    readonly password: string = DEFAULT_VNISH_PASSWORD,
  ) {}

  /** Presets every 250 W across the miner's power range, named by their watts. */
  private presets(): number[] {
    const { minW, maxW } = this.miner.snapshot().powerRangeW;
    const out: number[] = [];
    for (let w = Math.ceil(minW / 50) * 50; w <= maxW; w += 250) out.push(w);
    return out;
  }

  respond(request: HttpFirmwareRequest): HttpFirmwareReply {
    if (!request.path.startsWith(PREFIX)) return { status: 404, body: { message: 'not found' } };
    const path = request.path.slice(PREFIX.length).replace(/\/$/, '');
    if (request.method === 'POST' && path === 'unlock') {
      const pw = (request.body as { pw?: unknown } | null)?.pw;
      if (pw !== this.password) return { status: 403, body: { err: 'wrong password' } };
      const token = stableText(this.miner.seed + this.tokens.size, 'vnish-token', 32);
      this.tokens.add(token);
      return { status: 200, body: { token } };
    }
    if (request.method === 'GET') return this.get(path);
    if (request.method !== 'POST') return { status: 405, body: { message: 'method not allowed' } };
    const auth = String(request.headers.authorization ?? '');
    if (!this.tokens.has(auth.replace(/^Bearer\s+/i, '')))
      return { status: 401, body: { message: 'unauthorized' } };
    switch (path) {
      case 'mining/stop':
        this.miner.recordControl('mining/stop');
        this.miner.sleep();
        return { status: 200, body: { success: true } };
      case 'mining/start':
        this.miner.recordControl('mining/start');
        this.miner.wake();
        return { status: 200, body: { success: true } };
      case 'settings': {
        const preset = Number(
          (request.body as { miner?: { overclock?: { preset?: unknown } } } | null)?.miner?.overclock?.preset,
        );
        if (!this.presets().includes(preset)) return { status: 400, body: { message: 'unknown preset' } };
        this.miner.recordControl(`settings preset ${preset}`);
        const outcome = this.miner.setPowerTarget(preset);
        if (!outcome.accepted) return { status: 400, body: { message: outcome.reason } };
        return { status: 200, body: { restart_required: false, reboot_required: false } };
      }
      default:
        return { status: 404, body: { message: 'not found' } };
    }
  }

  private get(path: string): HttpFirmwareReply {
    const s = this.miner.snapshot();
    const model = s.model.replace(/^Whatsminer /, '');
    switch (path) {
      case 'info':
        return {
          status: 200,
          body: {
            miner: model,
            fw_name: 'Vnish',
            fw_version: FW_VERSION,
            algorithm: 'sha256d',
            hr_measure: 'GH/s',
          },
        };
      case 'perf-summary':
        return {
          status: 200,
          body: { current_preset: { name: String(Math.round(s.powerTargetW)), status: 'tuned' } },
        };
      case 'autotune/presets':
        return {
          status: 200,
          body: this.presets().map((w) => ({ name: String(w), pretty: `${w} watt`, status: 'tuned' })),
        };
      case 'settings':
        return {
          status: 200,
          body: { miner: { overclock: { modded_psu: false, preset: String(Math.round(s.powerTargetW)) } } },
        };
      case 'summary': {
        const state = s.curtailed
          ? s.phase === 'sleeping'
            ? 'stopped'
            : 'shutting-down'
          : s.phase === 'starting'
            ? 'starting'
            : 'mining';
        return {
          status: 200,
          body: {
            miner: {
              miner_status: { miner_state: state, miner_state_time: Math.floor(s.uptimeS) },
              miner_type: `${model} (Vnish ${FW_VERSION})`,
              hr_realtime: round(s.hashrateThs * 1000),
              hr_average: round(s.avgHashrateThs * 1000),
              hr_nominal: round(s.nominalHashrateThs * 1000),
              power_consumption: Math.round(s.powerW),
              psu: { psu_power_metering: true },
              chains: s.boards.map((b, i) => ({
                id: i + 1,
                hashrate_rt: round(b.hashrateThs * 1000),
                pcb_temp: { min: Math.round(b.boardTempC - 8), max: Math.round(b.boardTempC) },
                chip_temp: { min: Math.round(b.chipTempC - 10), max: Math.round(b.chipTempC) },
                chip_statuses: { red: b.faulted ? b.chips : 0, orange: 0, grey: b.faulted ? 0 : b.chips },
                status: { state: b.faulted ? 'failure' : state },
              })),
              cooling: {
                fan_num: s.fansRpm.length,
                fans: s.fansRpm.map((rpm, id) => ({ id, rpm, status: 'ok' })),
              },
              pools: emulatedPools(this.miner.seed, s).map((pool, id) => ({
                id,
                url: pool.url.replace(/^stratum\+tcp:\/\//, ''),
                user: pool.user,
                status: pool.active ? 'active' : 'working',
                accepted: pool.accepted,
                rejected: pool.rejected,
              })),
            },
          },
        };
      }
      default:
        return { status: 404, body: { message: 'not found' } };
    }
  }
}
