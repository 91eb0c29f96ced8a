import type { EmulatedMiner } from '../emulated-miner.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';
import {
  type CgminerFirmware,
  type CgminerRequest,
  type CgReplies,
  cgminerPools,
  cgReplies,
  invalidJson,
} from './cgminer-reply.ts';
import { activeFaults, emulatedPools, epochS, type JsonObject, round, stableText } from './wire-format.ts';

const DESCRIPTION = 'cgminer 4.11.1';
const FIRMWARE = '24071801_4ec6bb0';
const HELP =
  'ASC 0 set info: help|voltage|fan-spd|lcd|hash-sn-read|hash-sn-write|volt-tuning|workmode|worklevel|' +
  'work_mode_lvl|reboot|softon|softoff|filter-clean|facopts|faclock|activate|solo-allowed|frequency|loop|' +
  'password|qr_auth|time|';
/** Power of each work mode relative to the nameplate: 0 eco, 1 standard, 2 super. */
const WORK_MODE_POWER = [0.8, 1, 1.1] as const;
/** ECHU code of a hash board that stopped answering. */
const BOARD_LOST = 512;

/**
 * Canaan Avalon A-series (cgminer 4.11 API on TCP 4028): `version`, `summary`, `pools`, `devs`,
 * `stats`/`estats` (one `MM ID0` text of `KEY[value]` pairs: `SYSTEMSTATU`, `GHSspd`, `MGHS` per board,
 * `MTmax`, `ECHU` error codes per board, `PS` with the watts at index 4, `MPO`, `WORKMODE`, `Fan1..4`,
 * `SoftOFF`, per-chip `PVT_T<n>` lists), `litestats` (the same pairs as `MM ID0:Summary`), and
 * `ascset` with `0,help`, `0,softoff,1:<time>`, `0,softon,1:<time>` (time on the miner's clock, from
 * `When`) and `0,workmode,set,<mode>`. Asleep the firmware says `Work: In Idle` and stops its fans.
 */
export class AvalonFirmware implements CgminerFirmware {
  private workMode = 1;

  constructor(readonly miner: EmulatedMiner) {}

  invalidJson(): JsonObject {
    return invalidJson(epochS(this.miner.config.now()), DESCRIPTION);
  }

  respond(request: CgminerRequest, snapshot: MinerSnapshot): JsonObject {
    const { reply, unknownCommand } = cgReplies(epochS(snapshot.nowMs), DESCRIPTION);
    switch (request.command) {
      case 'version':
        return reply(22, 'CGMiner versions', { VERSION: [this.version()] });
      case 'summary':
        return reply(11, 'Summary', { SUMMARY: [this.summary(snapshot)] });
      case 'pools':
        return reply(7, '3 Pool(s)', { POOLS: cgminerPools(emulatedPools(this.miner.seed, snapshot), true) });
      case 'devs':
        return reply(9, '1 ASC(s)', { DEVS: [this.devs(snapshot)] });
      case 'stats':
      case 'estats':
        return reply(70, 'CGMiner stats', { STATS: [this.statsEntry(snapshot)] });
      case 'litestats':
        return reply(70, 'CGMiner stats', {
          STATS: [{ 'MM ID0:Summary': `'STATS':{${this.mmPairs(snapshot, false)}}` }],
        });
      case 'ascset':
        return this.ascset(request.parameter ?? '', snapshot, reply);
      default:
        return unknownCommand();
    }
  }

  private ascset(parameter: string, snapshot: MinerSnapshot, reply: CgReplies['reply']): JsonObject {
    const [device, option, ...rest] = parameter.split(',').map((part) => part.trim());
    if (option !== 'help') this.miner.recordControl(`ascset ${[option, ...rest].join(',')}`);
    if (device !== '0') return reply(120, `Invalid ASC id ${device ?? ''}`, {}, 'E');
    switch (option) {
      case 'help':
        return reply(118, HELP, {}, 'I');
      case 'softoff':
      case 'softon': {
        const at = /^\d+:(\d+)$/.exec(rest[0] ?? '');
        if (!at) return reply(118, `ASC 0 set info: invalid ${option} parameter`, {}, 'I');
        const executeAtS = Number(at[1]);
        const scheduledMs = Math.max(0, executeAtS * 1000 - snapshot.nowMs) * this.miner.config.timeScale;
        if (option === 'softoff') this.miner.sleep(scheduledMs);
        else this.miner.wake({ delayMs: scheduledMs });
        return reply(118, `ASC 0 set info: success ${option}:${executeAtS}`, {}, 'I');
      }
      case 'workmode': {
        const mode = Number(rest[1]);
        if (rest[0] !== 'set' || !Number.isInteger(mode) || WORK_MODE_POWER[mode] === undefined) {
          return reply(118, 'ASC 0 set info: invalid workmode', {}, 'I');
        }
        const { minW, maxW } = this.miner.config.powerRangeW;
        const watts = Math.round(
          Math.min(maxW, Math.max(minW, this.miner.config.spec.powerW * WORK_MODE_POWER[mode]!)),
        );
        const outcome = this.miner.setPowerTarget(watts);
        if (!outcome.accepted) return reply(118, `ASC 0 set info: ${outcome.reason}`, {}, 'I');
        this.workMode = mode;
        return reply(119, 'ASC 0 set OK');
      }
      default:
        return reply(118, `ASC 0 set info: unknown option ${option ?? ''}`, {}, 'I');
    }
  }

  private modelNumber(): string {
    return /(\d{4})/.exec(this.miner.model)?.[1] ?? '1466';
  }

  private version(): JsonObject {
    return {
      CGMiner: '4.11.1',
      API: '3.7',
      PROD: this.miner.model,
      MODEL: this.modelNumber(),
      HWTYPE: `MM4v2_X3`,
      SWTYPE: `MM314`,
      LVERSION: FIRMWARE,
      BVERSION: FIRMWARE,
      CGVERSION: FIRMWARE,
      DNA: stableText(this.miner.seed, 'dna', 16, '0123456789abcdef'),
      MAC: stableText(this.miner.seed, 'mac', 12, '0123456789ABCDEF').match(/../g)!.join(':'),
    };
  }

  private summary(snapshot: MinerSnapshot): JsonObject {
    const mhs = (ths: number) => round(ths * 1e6);
    return {
      Elapsed: Math.floor(snapshot.uptimeS),
      'MHS av': mhs(snapshot.avgHashrateThs),
      'MHS 5s': mhs(snapshot.hashrateThs),
      'MHS 1m': mhs(snapshot.hashrateThs),
      'MHS 5m': mhs(snapshot.hashrateThs),
      'MHS 15m': mhs(snapshot.avgHashrateThs),
      'Found Blocks': 0,
      Getworks: Math.floor(snapshot.acceptedShares / 2) + 1,
      Accepted: snapshot.acceptedShares,
      Rejected: snapshot.rejectedShares,
      'Hardware Errors': 0,
      Utility: round(snapshot.uptimeS > 0 ? (snapshot.acceptedShares * 60) / snapshot.uptimeS : 0),
      Discarded: 0,
      Stale: 0,
      'Get Failures': 0,
      'Local Work': snapshot.acceptedShares * 4,
      'Remote Failures': 0,
      'Network Blocks': Math.floor(snapshot.uptimeS / 600),
      'Total MH': round(snapshot.avgHashrateThs * 1e6 * snapshot.uptimeS),
      'Work Utility': round(snapshot.avgHashrateThs * 14_000),
      'Difficulty Accepted': snapshot.acceptedShares * 65536,
      'Difficulty Rejected': snapshot.rejectedShares * 65536,
      'Difficulty Stale': 0,
      'Best Share': 354_914_572,
      'Device Hardware%': 0,
      'Device Rejected%': 0,
      'Pool Rejected%': 0,
      'Pool Stale%': 0,
      'Last getwork': 0,
    };
  }

  private devs(snapshot: MinerSnapshot): JsonObject {
    return {
      ASC: 0,
      Name: 'AVALON',
      ID: 0,
      Enabled: 'Y',
      Status: 'Alive',
      Temperature: 0,
      'MHS av': round(snapshot.avgHashrateThs * 1e6),
      'MHS 5s': round(snapshot.hashrateThs * 1e6),
      Accepted: snapshot.acceptedShares,
      Rejected: snapshot.rejectedShares,
      'Hardware Errors': 0,
      'Device Elapsed': Math.floor(snapshot.uptimeS),
    };
  }

  private statsEntry(snapshot: MinerSnapshot): JsonObject {
    return {
      STATS: 0,
      ID: 'AVA100',
      Elapsed: Math.floor(snapshot.uptimeS),
      Calls: 0,
      Wait: 0,
      Max: 0,
      Min: 99999999,
      'MM ID0': this.mmPairs(snapshot, true),
      'MM Count': 1,
      'Smart Speed': 1,
      'Voltage Level Offset': 0,
      'Nonce Mask': 25,
    };
  }

  /** The `KEY[value] ...` text of the controller (MM) block. */
  private mmPairs(snapshot: MinerSnapshot, withChips: boolean): string {
    const boards = snapshot.boards;
    const asleep = snapshot.phase === 'sleeping';
    const work = asleep ? 'In Idle' : snapshot.phase === 'starting' ? 'In Init' : 'In Work';
    const chipTemps = boards.map((b) => b.chipTempC);
    const fans = asleep ? snapshot.fansRpm.map(() => 0) : snapshot.fansRpm;
    const faulted = new Set(activeFaults(snapshot).map((fault) => fault.board));
    const watts = asleep ? 0 : Math.round(snapshot.powerW);
    const list = (values: readonly (number | string)[]) => values.join(' ');
    const pairs: [string, string | number][] = [
      ['Ver', `${this.modelNumber()}-83-${FIRMWARE}`],
      ['DNA', stableText(this.miner.seed, 'dna', 16, '0123456789abcdef')],
      ['MEMFREE', '1201472.0'],
      ['NETFAIL', '0 0 0 0 0 0 0 0'],
      ['SYSTEMSTATU', `Work: ${work}, Hash Board: ${boards.length} `],
      ['Elapsed', Math.floor(snapshot.uptimeS)],
      ['BOOTBY', '0x08.00000000'],
      ['LW', snapshot.acceptedShares * 30],
      ['MH', list(boards.map(() => 0))],
      ['HW', 0],
      ['DH', '2.732%'],
      ['Temp', Math.round(snapshot.ambientC)],
      ['TMax', Math.round(Math.max(...chipTemps))],
      ['TAvg', Math.round(chipTemps.reduce((sum, t) => sum + t, 0) / chipTemps.length)],
      ...fans.map((rpm, i): [string, number] => [`Fan${i + 1}`, rpm]),
      ['FanR', `${asleep ? 0 : Math.round(snapshot.fanDuty * 100)}%`],
      ['Vo', asleep ? 0 : 329],
      ['PS', list([0, 1214, asleep ? 4 : 1316, asleep ? 0 : 242, watts, 1320, watts + 315])],
      ['GHSspd', round(snapshot.hashrateThs * 1000).toFixed(2)],
      ['DHspd', '2.732%'],
      ['GHSmm', round(snapshot.nominalHashrateThs * 1000).toFixed(2)],
      ['GHSavg', round(snapshot.avgHashrateThs * 1000).toFixed(2)],
      ['WU', round(snapshot.avgHashrateThs * 14_000).toFixed(2)],
      ['Freq', asleep ? '0.00' : '502.41'],
      ['Led', 0],
      ['MGHS', list(boards.map((b) => round(b.avgHashrateThs * 1000).toFixed(2)))],
      ['MTmax', list(chipTemps.map(Math.round))],
      ['MTavg', list(boards.map((b) => Math.round(b.chipTempC - 11)))],
      ['TA', 360],
      ['Core', 'A3201'],
      ['PING', 443],
      ['POWS', 0],
      ['HASHS', list(boards.map(() => 0))],
      ['POOLS', 0],
      ['SoftOFF', snapshot.curtailed ? 4 : 0],
      ['ECHU', list(boards.map((b) => (faulted.has(b.index) ? BOARD_LOST : 0)))],
      ['ECMM', 0],
    ];
    if (withChips) {
      boards.forEach((board) => {
        const temps: number[] = [];
        for (let chip = 0; chip < board.chips; chip += 1) {
          temps.push(Math.round(board.chipTempC - 12 + ((chip * 7) % 13)));
        }
        pairs.push([`PVT_T${board.index}`, ` ${temps.join('  ')}`]);
      });
    }
    pairs.push(
      ['CRC', list(boards.map(() => 0))],
      ['POW_I2C', 'OK'],
      ['ADJ', 1],
      ['COP', list(boards.map(() => 0))],
      ['MPO', Math.round(snapshot.powerTargetW)],
      ['MVL', 87],
      ['WORKMODE', this.workMode],
    );
    return pairs.map(([key, value]) => `${key}[${value}]`).join(' ');
  }
}
