import type { EmulatedMiner } from '../emulated-miner.ts';
import type { HttpFirmware, HttpFirmwareReply, HttpFirmwareRequest } from './braiins-firmware.ts';
import { emulatedPools, round, stableMac } from './wire-format.ts';

/**
 * Bitaxe AxeOS REST as the asic-rs `bitaxe/v2_0_0` capture records it: `GET /api/system/info` (the
 * whole status: `hashRate` GH/s, `power` W, `temp`/`vrTemp`, `fanrpm`, `uptimeSeconds`, stratum
 * settings) and `POST /api/system/restart` (restarts the mining process; the uptime starts over).
 * AxeOS has no sleep or power target.
 */
export class BitaxeFirmware implements HttpFirmware {
  constructor(readonly miner: EmulatedMiner) {}

  respond(request: HttpFirmwareRequest): HttpFirmwareReply {
    if (request.method === 'POST' && request.path === '/api/system/restart') {
      this.miner.recordControl('restart');
      this.miner.restartProcess();
      return { status: 200, body: 'System will restart shortly.' };
    }
    if (request.method !== 'GET' || request.path !== '/api/system/info') {
      return { status: 404, body: { error: 'not found' } };
    }
    const s = this.miner.snapshot();
    const [primary, fallback] = emulatedPools(this.miner.seed, s);
    const host = (url: string | undefined) =>
      (url ?? '').replace(/^stratum\+tcp:\/\//, '').replace(/:\d+$/, '');
    const port = (url: string | undefined) => Number(/:(\d+)$/.exec(url ?? '')?.[1] ?? 3333);
    const board = s.boards[0];
    return {
      status: 200,
      body: {
        ASICModel: 'BM1370',
        asicCount: board?.chips ?? 1,
        hashRate: round(s.hashrateThs * 1000, 2),
        expectedHashrate: round(s.nominalHashrateThs * 1000, 0),
        power: round(s.powerW, 2),
        temp: round(Math.max(...s.boards.map((b) => b.chipTempC)), 3),
        vrTemp: round(Math.max(...s.boards.map((b) => b.boardTempC)), 0),
        fanrpm: s.fansRpm[0] ?? 0,
        fanspeed: Math.round(s.fanDuty * 100),
        uptimeSeconds: Math.floor(s.uptimeS),
        version: 'v2.4.5',
        hostname: 'bitaxe',
        macAddr: stableMac(this.miner.seed, true),
        stratumURL: host(primary?.url),
        stratumPort: port(primary?.url),
        stratumUser: primary?.user ?? '',
        fallbackStratumURL: host(fallback?.url),
        fallbackStratumPort: port(fallback?.url),
        fallbackStratumUser: fallback?.user ?? '',
        isUsingFallbackStratum: 0,
        sharesAccepted: primary?.accepted ?? 0,
        sharesRejected: primary?.rejected ?? 0,
        overheat_mode: 0,
      },
    };
  }
}
