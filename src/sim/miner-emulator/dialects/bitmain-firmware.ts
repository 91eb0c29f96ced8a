import type { EmulatedMiner } from '../emulated-miner.ts';
import type { BoardSnapshot, MinerSnapshot } from '../miner-snapshot.ts';
import {
  type CgminerFirmware,
  type CgminerRequest,
  cgminerPools,
  cgReplies,
  invalidJson,
} from './cgminer-reply.ts';
import { emulatedPools, epochS, type JsonObject, round, stableText } from './wire-format.ts';

const DESCRIPTION = 'cgminer 1.0.0';
const COMPILE_TIME = 'Tue Dec  6 16:12:30 CST 2022';

/** Which Bitmain-compatible firmware the replies name (VNish answers the same API). */
export type BitmainFlavour = 'stock' | 'vnish';

/** `" ooo ooo ..."`: one character per chip, `o` answering, `x` not. */
function chipString(chips: number, faulted: boolean): string {
  const mark = faulted ? 'x' : 'o';
  let out = '';
  for (let i = 0; i < chips; i += 1) out += (i % 3 === 0 ? ' ' : '') + mark;
  return out;
}

/** Four PCB/chip sensors per chain: `"73-45-64-65"`. */
function sensors(hottest: number, ambient: number): string {
  const inlet = Math.min(hottest, ambient + 18);
  return [hottest, inlet, hottest - 9, hottest - 8].map((t) => Math.round(Math.max(ambient, t))).join('-');
}

/** The chain block of bmminer `stats`: chain_rateN, chain_acnN/acsN, temp_pcbN, temp_chipN, fanN. */
export function bitmainChainBlock(
  snapshot: MinerSnapshot,
  seed: number,
  rateIdealGhs: number,
  frequencyMhz: number,
): JsonObject {
  const block: JsonObject = {
    STATS: 0,
    ID: 'BTM_SOC0',
    Elapsed: Math.floor(snapshot.uptimeS),
    Calls: 0,
    Wait: 0,
    Max: 0,
    Min: 99999999,
    'GHS 5s': round(snapshot.hashrateThs * 1000),
    'GHS av': round(snapshot.avgHashrateThs * 1000),
    rate_30m: round(snapshot.avgHashrateThs * 1000),
    Mode: 2,
    miner_count: snapshot.boards.length,
    frequency: frequencyMhz,
    fan_num: snapshot.fansRpm.length,
  };
  snapshot.fansRpm.forEach((rpm, i) => {
    block[`fan${i + 1}`] = rpm;
  });
  block.temp_num = snapshot.boards.length;
  const slots = Math.max(4, snapshot.boards.length);
  const board = (n: number): BoardSnapshot | undefined => snapshot.boards[n];
  for (let n = 0; n < snapshot.boards.length; n += 1)
    block[`temp${n + 1}`] = Math.round(board(n)!.boardTempC);
  for (let n = 0; n < snapshot.boards.length; n += 1)
    block[`temp2_${n + 1}`] = Math.round(board(n)!.chipTempC);
  for (let n = 0; n < slots; n += 1) {
    const b = board(n);
    block[`temp_pcb${n + 1}`] = b ? sensors(b.boardTempC, snapshot.ambientC) : '0-0-0-0';
    block[`temp_chip${n + 1}`] = b ? sensors(b.chipTempC, snapshot.ambientC) : '0-0-0-0';
  }
  for (let n = 0; n < slots; n += 1) {
    const b = board(n);
    block[`freq${n + 1}`] = b ? frequencyMhz : 0;
    block[`chain_acn${n + 1}`] = b ? b.chips : 0;
    block[`chain_acs${n + 1}`] = b ? chipString(b.chips, b.faulted) : '';
    block[`chain_hw${n + 1}`] = b ? Math.floor((snapshot.acceptedShares / 20) * (b.faulted ? 4 : 1)) : 0;
    block[`chain_rate${n + 1}`] = b ? (b.hashrateThs * 1000).toFixed(2) : '';
  }
  const chips = snapshot.boards.reduce((sum, b) => sum + (b.faulted ? 0 : b.chips), 0);
  Object.assign(block, {
    temp_max: Math.round(Math.max(...snapshot.boards.map((b) => b.chipTempC))),
    total_acn: chips,
    total_rateideal: round(rateIdealGhs),
    total_freqavg: frequencyMhz,
    'total rate': round(snapshot.hashrateThs * 1000),
    rate_unit: 'GH',
    no_matching_work: Math.floor(snapshot.acceptedShares / 50),
    miner_version: '49.0.1.3',
    miner_id: stableText(seed, 'miner-id', 16, '0123456789abcdef'),
  });
  return block;
}

/**
 * Stock Bitmain firmware (cgminer/bmminer JSON API, TCP 4028): `summary`, `stats`, `pools`, `devs`,
 * `version`, also combined as `a+b`. Read-only: the API has no sleep or power command; the web interface
 * (`bitmain-web.ts`, served on a second port for the stock flavour) sleeps and wakes it. The replies keep
 * the recorded quirks: hashrates in GH/s, `chain_rateN` as strings, dash-separated sensor lists,
 * `devs` listing one `BTM_SOC` with zero rates (and the `Tenperature` typo).
 */
export class BitmainFirmware implements CgminerFirmware {
  constructor(
    readonly miner: EmulatedMiner,
    readonly flavour: BitmainFlavour = 'stock',
  ) {}

  invalidJson(): JsonObject {
    return invalidJson(epochS(this.miner.config.now()), DESCRIPTION);
  }

  respond(request: CgminerRequest, snapshot: MinerSnapshot): JsonObject {
    const { reply, unknownCommand } = cgReplies(epochS(snapshot.nowMs), DESCRIPTION);
    switch (request.command) {
      case 'summary':
        return reply(11, 'Summary', { SUMMARY: [this.summary(snapshot)] });
      case 'stats':
        return reply(70, 'CGMiner stats', {
          STATS: [
            this.versionBlock(),
            bitmainChainBlock(snapshot, this.miner.seed, this.rateIdealGhs(), 525),
          ],
        });
      case 'pools':
        return reply(7, '3 Pool(s)', {
          POOLS: cgminerPools(emulatedPools(this.miner.seed, snapshot), false),
        });
      case 'devs':
        return reply(9, '1 ASC(s)', { DEVS: [this.devsEntry(snapshot)] });
      case 'version':
        return reply(22, 'CGMiner versions', {
          VERSION: [{ ...this.versionBlock(), API: '3.1' }],
        });
      default:
        return unknownCommand();
    }
  }

  private rateIdealGhs(): number {
    return this.miner.config.spec.hashrateThs * 1000;
  }

  private versionBlock(): JsonObject {
    return {
      BMMiner: '1.0.0',
      Miner: this.flavour === 'vnish' ? 'vnish 1.2.6' : '49.0.1.3',
      CompileTime: COMPILE_TIME,
      Type: this.miner.model,
    };
  }

  private summary(snapshot: MinerSnapshot): JsonObject {
    const ghs5s = round(snapshot.hashrateThs * 1000);
    const ghsAv = round(snapshot.avgHashrateThs * 1000);
    return {
      Elapsed: Math.floor(snapshot.uptimeS),
      'GHS 5s': ghs5s,
      'GHS av': ghsAv,
      'GHS 30m': ghsAv,
      'Found Blocks': 0,
      Getwork: Math.floor(snapshot.acceptedShares / 2) + 1,
      Accepted: snapshot.acceptedShares,
      Rejected: snapshot.rejectedShares,
      'Hardware Errors': Math.floor(snapshot.acceptedShares / 8),
      Utility: round(snapshot.uptimeS > 0 ? (snapshot.acceptedShares * 60) / snapshot.uptimeS : 0),
      Discarded: snapshot.acceptedShares * 4,
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
      'Best Share': 1_048_576,
      'Device Hardware%': 0,
      'Device Rejected%': 0,
      'Pool Rejected%': 0,
      'Pool Stale%': 0,
      'Last getwork': epochS(snapshot.nowMs),
    };
  }

  private devsEntry(snapshot: MinerSnapshot): JsonObject {
    const when = epochS(snapshot.nowMs);
    return {
      ASC: 0,
      Name: 'BTM_SOC',
      ID: 0,
      Enabled: 'Y',
      Status: 'Alive',
      Tenperature: 0,
      'MHS av': 0,
      'MHS 5s': 0,
      Accepted: snapshot.acceptedShares,
      Rejected: snapshot.rejectedShares,
      'Hardware Errors': 0,
      Utility: 0,
      'Last Share Pool': 0,
      'Last Share Time': when,
      'Total MH': 0,
      'Diff1 Work': 0,
      'Difficulty Accepted': snapshot.acceptedShares * 65536,
      'Difficulty Rejected': snapshot.rejectedShares * 65536,
      'Last Share Difficulty': when,
      'Last Valid Work': when,
      'Device Hardware%': 0,
      'Device Rejected%': 0,
      'Device Elapsed': Math.floor(snapshot.uptimeS),
    };
  }
}
