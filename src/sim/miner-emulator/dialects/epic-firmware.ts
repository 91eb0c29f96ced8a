import type { EmulatedMiner } from '../emulated-miner.ts';
import type { HttpFirmware, HttpFirmwareReply, HttpFirmwareRequest } from './braiins-firmware.ts';
import { emulatedPools, round } from './wire-format.ts';

export const DEFAULT_EPIC_PASSWORD = 'letmein';

/**
 * ePIC PowerPlay's HTTP API on port 4028, to its published format (asic-rs `epic/v1`; no recording
 * exists): `GET /summary` (`HBs[].Hashrate` = `[MH/s, share]`, `Power Supply Stats.Input Power`,
 * `Status.Operating State` `Mining`/`Idling`, `Session`, `Fans Rpm`, `Stratum`, `PerpetualTune`);
 * `POST /miner {"param":"Stop"|"Autostart","password"}`, `POST /perpetualtune/algo
 * {"param":{"algo":"PowerTune","target":W},"password"}`, each answering `{"result":true}` or
 * `{"result":false,"error":..}`.
 */
export class EpicFirmware implements HttpFirmware {
  constructor(
    readonly miner: EmulatedMiner,
    readonly password: string = DEFAULT_EPIC_PASSWORD,
  ) {}

  respond(request: HttpFirmwareRequest): HttpFirmwareReply {
    if (request.method === 'GET' && request.path === '/summary') return { status: 200, body: this.summary() };
    if (request.method !== 'POST') return { status: 404, body: { result: false, error: 'not found' } };
    const body = (request.body ?? {}) as { param?: unknown; password?: unknown };
    if (body.password !== this.password)
      return { status: 200, body: { result: false, error: 'Incorrect password' } };
    if (request.path === '/miner') {
      this.miner.recordControl(`miner ${String(body.param)}`);
      if (body.param === 'Stop') this.miner.sleep();
      else if (body.param === 'Autostart') this.miner.wake();
      else return { status: 200, body: { result: false, error: 'unknown param' } };
      return { status: 200, body: { result: true } };
    }
    if (request.path === '/perpetualtune/algo') {
      const param = (body.param ?? {}) as { algo?: unknown; target?: unknown };
      if (param.algo !== 'PowerTune')
        return { status: 200, body: { result: false, error: 'unsupported algo' } };
      const outcome = this.miner.setPowerTarget(Number(param.target));
      if (!outcome.accepted) return { status: 200, body: { result: false, error: outcome.reason } };
      this.miner.recordControl(`PowerTune ${String(param.target)}`);
      return { status: 200, body: { result: true } };
    }
    return { status: 404, body: { result: false, error: 'not found' } };
  }

  private summary(): Record<string, unknown> {
    const s = this.miner.snapshot();
    const pool = emulatedPools(this.miner.seed, s)[0]!;
    const fans: Record<string, number> = {};
    s.fansRpm.forEach((rpm, i) => {
      fans[`Fans Speed ${i}`] = rpm;
    });
    return {
      Hostname: 'epic-sim',
      Software: 'PowerPlay-BM v1.10.1',
      Status: { 'Operating State': s.curtailed && s.phase === 'sleeping' ? 'Idling' : 'Mining' },
      Session: { Uptime: Math.floor(s.uptimeS), Accepted: s.acceptedShares, Rejected: s.rejectedShares },
      'Power Supply Stats': {
        'Input Power': Math.round(s.powerW),
        'Output Power': Math.round(s.powerW * 0.95),
      },
      'Fans Rpm': fans,
      HBs: s.boards.map((b) => ({
        Index: b.index,
        Hashrate: [
          round(b.hashrateThs * 1e6),
          round(b.hashrateThs / Math.max(b.nominalHashrateThs, 1e-9), 3),
        ],
        Temperature: round(b.boardTempC, 1),
        'Input Voltage': 13.6,
        'Core Clock Avg': 500,
      })),
      Stratum: { 'Current Pool': pool.url, 'Current User': pool.user, IsPoolConnected: true, 'Config Id': 0 },
      PerpetualTune: {
        Running: true,
        Algorithm: { PowerTune: { Target: Math.round(s.powerTargetW), Unit: 'W' } },
      },
    };
  }
}
