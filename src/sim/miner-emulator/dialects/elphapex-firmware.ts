import type { EmulatedMiner } from '../emulated-miner.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';
import type { HttpFirmware, HttpFirmwareReply, HttpFirmwareRequest } from './braiins-firmware.ts';
import { emulatedPools, epochS, round, stableMac } from './wire-format.ts';

const VERSION = 'DG1+_SW_V1.0.2';

/**
 * Elphapex DG-series web CGI as the asic-rs and pyasic captures record it: `GET /cgi-bin/summary.cgi`,
 * `stats.cgi`, `pools.cgi`, `get_system_info.cgi`, cgminer-shaped JSON with `rate_*` in `rate_unit`
 * MH/s (the miner's hashrate, Scrypt), chip temperatures in milli-deg C as strings. Served without
 * the Digest challenge of the real web server. No sleep or power target.
 */
export class ElphapexFirmware implements HttpFirmware {
  constructor(readonly miner: EmulatedMiner) {}

  respond(request: HttpFirmwareRequest): HttpFirmwareReply {
    const name = /^\/cgi-bin\/([a-z_]+)\.cgi$/.exec(request.path)?.[1];
    if (request.method !== 'GET' || !name) return { status: 404, body: { error: 'not found' } };
    const s = this.miner.snapshot();
    switch (name) {
      case 'summary':
        return this.ok('summary', s, {
          SUMMARY: [{ ...this.rates(s), bestshare: 0, status: this.status(s) }],
        });
      case 'stats':
        return this.ok('stats', s, {
          STATS: [
            {
              ...this.rates(s),
              chain_num: s.boards.length,
              fan_num: s.fansRpm.length,
              fan: s.fansRpm.map(String),
              chain: s.boards.map((b) => ({
                index: b.index,
                asic_num: b.chips,
                rate_real: round(b.hashrateThs * 1e6, 2),
                rate_ideal: round(b.nominalHashrateThs * 1e6, 2),
                temp_pcb: [round(b.boardTempC, 0), round(b.boardTempC - 1, 0)],
                temp_chip: [String(Math.round(b.chipTempC * 1000)), '', '', ''],
              })),
            },
          ],
        });
      case 'pools':
        return this.ok('pools', s, {
          POOLS: emulatedPools(this.miner.seed, s).map((pool, index) => ({
            index,
            url: pool.url,
            user: pool.user,
            status: 'Alive',
            priority: index,
            accepted: pool.accepted,
            rejected: pool.rejected,
          })),
        });
      case 'get_system_info':
        return {
          status: 200,
          body: {
            minertype: this.type(),
            Algorithm: 'Scrypt',
            system_filesystem_version: VERSION,
            macaddr: stableMac(this.miner.seed),
            hostname: this.type(),
          },
        };
      default:
        return { status: 404, body: { error: 'not found' } };
    }
  }

  private type(): string {
    return this.miner.model.replace(/^Elphapex\s+/i, '');
  }

  private rates(s: MinerSnapshot) {
    return {
      rate_unit: 'MH/s',
      rate_5s: round(s.hashrateThs * 1e6, 2),
      rate_avg: round(s.avgHashrateThs * 1e6, 2),
      rate_ideal: round(s.nominalHashrateThs * 1e6, 2),
      elapsed: Math.floor(s.uptimeS),
    };
  }

  private status(s: MinerSnapshot) {
    const faulted = s.boards.some((b) => b.faulted);
    return [
      { type: 'rate', status: 's', code: faulted ? 1 : 0, msg: faulted ? 'hashboard fault' : '' },
      { type: 'fans', status: 's', code: 0, msg: '' },
    ];
  }

  private ok(name: string, s: MinerSnapshot, body: Record<string, unknown>): HttpFirmwareReply {
    return {
      status: 200,
      body: {
        STATUS: { STATUS: 'S', Msg: name, api_version: '1.0.0', timestamp: epochS(s.nowMs) },
        INFO: { type: this.type(), miner_version: VERSION, CompileTime: '' },
        ...body,
      },
    };
  }
}
