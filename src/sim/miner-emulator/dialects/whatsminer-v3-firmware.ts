import type { EmulatedMiner } from '../emulated-miner.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';
import { whatsminerV3Token } from './btminer-auth.ts';
import {
  boardErrorCode,
  chipTemps,
  DEFAULT_WHATSMINER_CREDENTIALS,
  type WhatsminerCredentials,
  whatsminerType,
} from './whatsminer-identity.ts';
import {
  activeFaults,
  btminerTime,
  emulatedPools,
  epochS,
  type JsonObject,
  round,
  stableMac,
  stableText,
} from './wire-format.ts';

/** A firmware that answers length-prefixed JSON (Whatsminer API 3.x, TCP 4433). */
export interface LengthPrefixedFirmware {
  respond(request: JsonObject): JsonObject;
}

const FIRMWARE = '20251209.16.Rel2';
const SERIAL = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';

/**
 * Whatsminer API 3.x (TCP 4433, 4-byte little-endian length then JSON, both ways). `get.device.info`
 * (whole, or one part by `param`, e.g. `salt`), `get.miner.status` with `summary`, `pools` or `edevs`,
 * and the `set.*` commands the client uses: `set.miner.service start|stop|restart`,
 * `set.miner.power_limit <W>`, each with `account`, `ts` and `token` = first 8 base64 characters of
 * sha256(cmd + password + salt + ts). Replies: `{"code":0,"when":..,"msg":..,"desc":..}`.
 */
export class WhatsminerV3Firmware implements LengthPrefixedFirmware {
  constructor(
    readonly miner: EmulatedMiner,
    readonly credentials: WhatsminerCredentials = DEFAULT_WHATSMINER_CREDENTIALS,
  ) {}

  get salt(): string {
    return stableText(this.miner.seed, 'v3-salt', 8);
  }

  respond(request: JsonObject): JsonObject {
    const command = typeof request.cmd === 'string' ? request.cmd : '';
    const param = request.param;
    const nowMs = this.miner.config.now();
    const ok = (msg: unknown): JsonObject => ({ code: 0, when: epochS(nowMs), msg, desc: command });
    const fail = (code: number, msg: string): JsonObject => ({
      code,
      when: epochS(nowMs),
      msg,
      desc: command,
    });
    if (command.startsWith('set.')) {
      this.miner.recordControl(`${command} ${JSON.stringify(param)}`);
      const ts = Number(request.ts);
      const expected = whatsminerV3Token(command, this.credentials.v3Password, this.salt, ts);
      if (request.account !== this.credentials.v3Account || request.token !== expected) {
        return fail(-4, 'invalid token');
      }
    }
    switch (command) {
      case 'get.device.info': {
        const info = this.deviceInfo(this.miner.snapshot());
        if (typeof param === 'string' && param in info) return ok({ [param]: info[param] });
        return ok(info);
      }
      case 'get.miner.status': {
        const snapshot = this.miner.snapshot();
        if (param === 'summary') return ok({ summary: this.summary(snapshot) });
        if (param === 'pools') return ok({ pools: this.pools(snapshot) });
        if (param === 'edevs') return ok({ edevs: this.edevs(snapshot) });
        return fail(-1, `invalid param: ${String(param)}`);
      }
      case 'set.miner.service':
        if (param === 'stop') {
          this.miner.sleep();
          return ok('ok');
        }
        if (param === 'start') {
          this.miner.wake({ restartProcess: true });
          return ok('ok');
        }
        if (param === 'restart') {
          this.miner.restartProcess();
          return ok('ok');
        }
        return fail(-1, `invalid param: ${String(param)}`);
      case 'set.miner.power_limit': {
        const watts = Number(param);
        const outcome = this.miner.setPowerTarget(watts);
        if (!outcome.accepted) return fail(-1, outcome.reason);
        return ok('ok');
      }
      default:
        return fail(-1, 'invalid command');
    }
  }

  private deviceInfo(snapshot: MinerSnapshot): JsonObject {
    const seed = this.miner.seed;
    const info: JsonObject = {
      network: {
        ip: '127.0.0.1',
        proto: 'dhcp',
        netmask: '255.0.0.0',
        dns: '127.0.0.1',
        mac: stableMac(seed, true),
        gateway: '127.0.0.1',
        hostname: 'WhatsMiner',
      },
      miner: {
        working: snapshot.curtailed ? 'false' : 'true',
        type: whatsminerType(snapshot.model),
        'hash-board': 'K40',
        'board-num': String(snapshot.boards.length),
        'miner-sn': `BTM3${stableText(seed, 'miner-sn', 29, SERIAL)}`,
        'detect-hash-rate': snapshot.boards.map((b) => Math.round(b.nominalHashrateThs * 1000)).join(':'),
        'hash-percent': '0',
        'pool-strategy': 'FAILOVER',
        'fast-boot': 'disable',
      },
      system: {
        api: '3.0.2',
        platform: 'H616',
        fwversion: FIRMWARE,
        'control-board-version': 'CB6V10',
        ledstatus: 'auto',
        apiswitch: '1',
      },
      power: {
        type: 'P221B',
        model: 'P221B',
        hwversion: 'RT0159',
        swversion: '230224.220429',
        sn: stableText(seed, 'psu-sn', 15, SERIAL),
        vendor: '1',
        fanspeed: snapshot.fansRpm[0] ?? 0,
        mode: '1',
      },
      salt: this.salt,
    };
    const faults = activeFaults(snapshot);
    if (faults.length > 0) {
      info['error-code'] = faults.map((fault) => ({
        [boardErrorCode(fault.board)]: btminerTime(fault.atMs),
        reason: `SM${fault.board} hash board not hashing`,
      }));
    }
    return info;
  }

  private summary(snapshot: MinerSnapshot): JsonObject {
    const chips = chipTemps(snapshot);
    return {
      elapsed: Math.floor(snapshot.uptimeS),
      'bootup-time': Math.floor(snapshot.uptimeS) + 300,
      'freq-avg': 625,
      'hash-average': round(snapshot.avgHashrateThs, 3),
      'factory-hash': round(snapshot.nameplateHashrateThs, 3),
      'hash-realtime': round(snapshot.hashrateThs, 3),
      'hash-1min': round(snapshot.hashrateThs, 3),
      'hash-15min': round(snapshot.avgHashrateThs, 3),
      'power-realtime': Math.round(snapshot.powerW),
      'power-5min': Math.round(snapshot.powerW),
      'power-limit': Math.round(snapshot.powerTargetW),
      'power-rate': snapshot.hashrateThs > 0 ? round(snapshot.powerW / snapshot.hashrateThs, 1) : 0,
      'environment-temperature': round(snapshot.ambientC, 1),
      'board-temperature': snapshot.boards.map((b) => round(b.boardTempC, 1)),
      'chip-temp-min': round(chips.min, 1),
      'chip-temp-max': round(chips.max, 1),
      'chip-temp-avg': round(chips.avg, 1),
      'fan-speed-in': snapshot.fansRpm[0] ?? 0,
      'fan-speed-out': snapshot.fansRpm[1] ?? 0,
      'up-freq-finish': snapshot.phase === 'hashing' ? 1 : 0,
      Debug: '',
    };
  }

  private pools(snapshot: MinerSnapshot): JsonObject[] {
    return emulatedPools(this.miner.seed, snapshot).map((pool, index) => ({
      'pool-priority': index,
      url: pool.url,
      account: pool.user,
      status: 'alive',
      'stratum-active': pool.active,
    }));
  }

  private edevs(snapshot: MinerSnapshot): JsonObject[] {
    return snapshot.boards.map((board) => ({
      id: board.index,
      status: board.faulted ? 'dead' : 'alive',
      'hash-realtime': round(board.hashrateThs, 3),
      'hash-average': round(board.avgHashrateThs, 3),
      'factory-hash': round(snapshot.nameplateHashrateThs / snapshot.boards.length, 2),
      'effective-chips': board.faulted ? 0 : board.chips,
      freq: 625,
      'chip-temp-min': round(board.chipTempC - 12, 1),
      'chip-temp-max': round(board.chipTempC, 1),
      'chip-temp-avg': round(board.chipTempC - 6, 1),
    }));
  }
}
