import type { EmulatedMiner } from '../emulated-miner.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';
import {
  type BtminerSecrets,
  btminerDecrypt,
  btminerEncrypt,
  btminerSecrets,
  btminerSign,
} from './btminer-auth.ts';
import {
  type CgminerFirmware,
  type CgminerRequest,
  cgminerPools,
  cgReplies,
  invalidJson,
} from './cgminer-reply.ts';
import {
  boardErrorCode,
  chipTemps,
  DEFAULT_WHATSMINER_CREDENTIALS,
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

const DESCRIPTION = 'cgminer 4.9.2';
const FIRMWARE = '20240624.18.REL';
const API_VERSION = '2.0.5';
/** Tokens live 30 minutes; a miner keeps the last few. */
const TOKEN_TTL_MS = 30 * 60_000;
const MAX_TOKENS = 4;

/**
 * MicroBT btminer API 2.x (TCP 4028). Reads: `summary`, `devs`, `pools`, `devdetails` (combinable),
 * and the flat-status commands `get_version`, `status`, `get_error_code`, `get_token` (`"STATUS":"S"`,
 * `Code` 131/134, `Msg` an object). Privileged commands arrive as `{"enc":1,"data":...}`, encrypted
 * with the key from the admin password; `power_off`, `power_on` and `adjust_power_limit` are
 * understood. A bad token gets `Code 135 "check token error"` in clear; success comes back encrypted.
 * A new power limit restarts the mining process, as on the real firmware.
 */
export class WhatsminerV2Firmware implements CgminerFirmware {
  private secretsValue: BtminerSecrets | null = null;
  private tokens: { sign: string; expiresAtMs: number }[] | null = null;

  /**
   * @param api `v1`: btminer API 1.x as recorded (foreman M31S capture): Description `btminer`, no
   *   `get_version`, `status` with `btmineroff` and a quoted `Firmware Version`, `devs` refused (boards
   *   in `edevs`), no `adjust_power_limit`.
   */
  constructor(
    readonly miner: EmulatedMiner,
    readonly password: string = DEFAULT_WHATSMINER_CREDENTIALS.v2Password,
    readonly api: 'v1' | 'v2' = 'v2',
  ) {}

  /** The device salt (fixed per miner). */
  get salt(): string {
    return stableText(this.miner.seed, 'btminer-salt', 8);
  }

  invalidJson(): JsonObject {
    return invalidJson(epochS(this.miner.config.now()), DESCRIPTION);
  }

  respond(request: CgminerRequest, snapshot: MinerSnapshot): JsonObject {
    if (request.raw.enc !== undefined) return this.privileged(request.raw);
    const when = epochS(snapshot.nowMs);
    const { reply, unknownCommand } = cgReplies(when, this.api === 'v1' ? 'btminer' : DESCRIPTION);
    if (this.api === 'v1') {
      if (request.command === 'get_version' || request.command === 'devs') return unknownCommand();
      if (request.command === 'edevs') {
        return reply(9, `${snapshot.boards.length} ASC(s)`, { DEVS: this.devs(snapshot) });
      }
      if (request.command === 'status') {
        return {
          STATUS: 'S',
          When: when,
          Code: 131,
          Msg: { btmineroff: snapshot.curtailed ? 'true' : 'false', 'Firmware Version': "'20210109.22.REL'" },
          Description: 'btminer',
        };
      }
    }
    const flat = (code: number, msg: unknown): JsonObject => ({
      STATUS: 'S',
      When: when,
      Code: code,
      Msg: msg,
      Description: '',
    });
    switch (request.command) {
      case 'summary':
        return reply(11, 'Summary', { SUMMARY: [this.summary(snapshot)] });
      case 'devs':
        return reply(9, `${snapshot.boards.length} ASC(s)`, { DEVS: this.devs(snapshot) });
      case 'pools':
        return reply(7, '3 Pool(s)', {
          POOLS: cgminerPools(emulatedPools(this.miner.seed, snapshot), false).map((pool, index) => ({
            ...pool,
            POOL: index + 1,
          })),
        });
      case 'devdetails':
        return reply(69, 'Device Details', {
          DEVDETAILS: snapshot.boards.map((board) => ({
            DEVDETAILS: board.index,
            Name: 'SM',
            ID: board.index,
            Driver: 'bitmicro',
            Kernel: '',
            Model: whatsminerType(snapshot.model),
          })),
        });
      case 'get_version':
        return flat(131, { api_ver: API_VERSION, fw_ver: FIRMWARE, platform: 'H616' });
      case 'status':
        return flat(131, {
          mineroff: snapshot.curtailed ? 'true' : 'false',
          mineroff_reason: snapshot.curtailed ? 'power_off' : '',
          mineroff_time: snapshot.curtailed ? btminerTime(snapshot.nowMs) : '',
          FirmwareVersion: FIRMWARE,
          power_mode: 'Normal',
          power_limit_set: String(Math.round(snapshot.powerTargetW)),
          hash_percent: '100',
        });
      case 'get_error_code':
        return flat(131, {
          error_code: activeFaults(snapshot).map((fault) => ({
            [boardErrorCode(fault.board)]: btminerTime(fault.atMs),
          })),
        });
      case 'get_miner_info':
        return flat(131, { hostname: 'WhatsMiner', ledstat: 'auto', mac: stableMac(this.miner.seed, true) });
      case 'get_psu':
        return flat(131, {
          name: 'P222B',
          model: 'P222B',
          hw_version: '',
          sw_version: '230208.220429',
          fan_speed: String(snapshot.fansRpm[0] ?? 0),
        });
      case 'get_token':
        this.miner.recordControl('get_token');
        return flat(134, this.issueToken(snapshot.nowMs));
      default:
        return unknownCommand();
    }
  }

  private secrets(): BtminerSecrets {
    this.secretsValue ??= btminerSecrets(this.password, this.salt);
    return this.secretsValue;
  }

  private issueToken(nowMs: number): JsonObject {
    const time = String(epochS(nowMs)).slice(-4);
    const newsalt = this.miner.randomText(8);
    const sign = btminerSign(this.secrets(), time, newsalt);
    this.tokens = (this.tokens ?? []).filter((token) => token.expiresAtMs > nowMs);
    this.tokens.push({ sign, expiresAtMs: nowMs + TOKEN_TTL_MS });
    if (this.tokens.length > MAX_TOKENS) this.tokens.shift();
    return { time, salt: this.salt, newsalt };
  }

  private privileged(raw: JsonObject): JsonObject {
    const nowMs = this.miner.config.now();
    const when = epochS(nowMs);
    const clearError = (code: number, msg: string): JsonObject => ({
      STATUS: 'E',
      When: when,
      Code: code,
      Msg: msg,
      Description: '',
    });
    if (typeof raw.data !== 'string') return clearError(23, 'invalid json message');
    const text = btminerDecrypt(this.secrets(), raw.data);
    let command: JsonObject;
    try {
      command = JSON.parse(text ?? '') as JsonObject;
    } catch {
      // A wrong password gives another key: the data decrypts to noise.
      this.miner.recordControl('enc (undecryptable)');
      return clearError(135, 'check token error');
    }
    this.miner.recordControl(`enc ${String(command.cmd)}`);
    const valid = (this.tokens ?? []).some(
      (token) => token.sign === command.token && token.expiresAtMs > nowMs,
    );
    if (!valid) return clearError(135, 'check token error');
    const ok = (msg: unknown = 'API command OK'): JsonObject => ({
      enc: btminerEncrypt(
        this.secrets(),
        JSON.stringify({ STATUS: 'S', When: when, Code: 131, Msg: msg, Description: '' }),
      ),
    });
    switch (command.cmd) {
      case 'power_off':
        this.miner.sleep();
        return ok();
      case 'power_on':
        this.miner.wake({ restartProcess: true });
        return ok();
      case 'adjust_power_limit': {
        if (this.api === 'v1') return clearError(14, 'invalid cmd');
        const watts = Number(command.power_limit);
        const outcome = this.miner.setPowerTarget(watts);
        if (!outcome.accepted) return clearError(132, `power limit not accepted: ${outcome.reason}`);
        // btminer restarts its mining process to apply a new limit.
        this.miner.restartProcess();
        return ok();
      }
      default:
        return clearError(14, 'invalid cmd');
    }
  }

  private summary(snapshot: MinerSnapshot): JsonObject {
    const chips = chipTemps(snapshot);
    return {
      Elapsed: Math.floor(snapshot.uptimeS),
      'MHS av': round(snapshot.avgHashrateThs * 1e6),
      // API 1.x gives the 5 s window too; 2.x builds as recorded give only the realtime figure.
      ...(this.api === 'v1' ? { 'MHS 5s': round(snapshot.hashrateThs * 1e6) } : {}),
      'HS RT': round(snapshot.hashrateThs * 1e6),
      Accepted: snapshot.acceptedShares,
      Rejected: snapshot.rejectedShares,
      'Best Share': 82_000_000,
      'Pool Rejected%': 0,
      'Fan Speed In': snapshot.fansRpm[0] ?? 0,
      'Fan Speed Out': snapshot.fansRpm[1] ?? 0,
      Power: Math.round(snapshot.powerW),
      'Power Limit': Math.round(snapshot.powerTargetW),
      'Power Mode': 'Normal',
      'Chip Temp Min': round(chips.min, 1),
      'Chip Temp Max': round(chips.max, 1),
      'Chip Temp Avg': round(chips.avg, 1),
      'Env Temp': round(snapshot.ambientC, 1),
      'Factory GHS': Math.round(snapshot.nameplateHashrateThs * 1000),
      'Target Freq': 600,
      'Hash Stable': snapshot.phase === 'hashing',
      MAC: stableMac(this.miner.seed, true),
      Uptime: Math.floor(snapshot.uptimeS) + 500,
    };
  }

  private devs(snapshot: MinerSnapshot): JsonObject[] {
    const fans = snapshot.fansRpm;
    return snapshot.boards.map((board) => ({
      ASC: board.index,
      Slot: board.index,
      Name: 'SM',
      ID: board.index,
      Enabled: 'Y',
      Status: board.faulted ? 'Dead' : 'Alive',
      Temperature: round(board.boardTempC, 1),
      'Chip Frequency': 600,
      Frequency: 600,
      'Fan Speed In': fans[0] ?? 0,
      'Fan Speed Out': fans[1] ?? 0,
      'MHS av': round(board.avgHashrateThs * 1e6),
      Accepted: Math.floor(snapshot.acceptedShares / snapshot.boards.length),
      Rejected: 0,
      'Chip Temp Min': round(board.chipTempC - 18, 1),
      'Chip Temp Max': round(board.chipTempC, 1),
      'Chip Temp Avg': round(board.chipTempC - 8, 1),
      'Effective Chips': board.faulted ? 0 : board.chips,
      'PCB SN': `BHM5${stableText(this.miner.seed, `pcb-${board.index}`, 16, '0123456789ABCDEFGHJK')}`,
      'Factory GHS': Math.round((snapshot.nameplateHashrateThs * 1000) / snapshot.boards.length),
      'Device Elapsed': Math.floor(snapshot.uptimeS),
    }));
  }
}
