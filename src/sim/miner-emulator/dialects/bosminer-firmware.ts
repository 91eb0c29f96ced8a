import type { EmulatedMiner } from '../emulated-miner.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';
import {
  type CgminerFirmware,
  type CgminerRequest,
  cgminerPools,
  cgReplies,
  invalidJson,
} from './cgminer-reply.ts';
import { emulatedPools, epochS, type JsonObject, round } from './wire-format.ts';

const VERSION = '0.2.0-d360818';
const DESCRIPTION = `BOSminer ${VERSION}`;

/**
 * BOSminer's cgminer-compatible API (Braiins OS before its REST API; TCP 4028), as recorded (foreman
 * S9 capture): `version` (`BOSminer`), `summary` in MH/s, `devs`, `temps` (`Board`/`Chip` per board),
 * `fans` (`RPM`, `Speed` %), `pools`, `tunerstatus` (Braiins OS+: `PowerLimit`,
 * `ApproximateMinerPowerConsumption`), and `pause` / `resume`, which stop and restart mining.
 */
export class BosminerFirmware implements CgminerFirmware {
  constructor(readonly miner: EmulatedMiner) {}

  invalidJson(): JsonObject {
    return invalidJson(epochS(this.miner.config.now()), DESCRIPTION);
  }

  respond(request: CgminerRequest, snapshot: MinerSnapshot): JsonObject {
    const { reply, unknownCommand } = cgReplies(epochS(snapshot.nowMs), DESCRIPTION);
    const mhs = (ths: number) => round(ths * 1e6);
    switch (request.command) {
      case 'version':
        return reply(22, 'BOSminer versions', { VERSION: [{ API: '3.7', BOSminer: VERSION }] });
      case 'summary':
        return reply(11, 'Summary', {
          SUMMARY: [
            {
              Elapsed: Math.floor(snapshot.uptimeS),
              'MHS 5s': mhs(snapshot.hashrateThs),
              'MHS av': mhs(snapshot.avgHashrateThs),
              'MHS 1m': mhs(snapshot.hashrateThs),
              Accepted: snapshot.acceptedShares,
              Rejected: snapshot.rejectedShares,
            },
          ],
        });
      case 'devs':
        return reply(9, `${snapshot.boards.length} ASC(s)`, {
          DEVS: snapshot.boards.map((board) => ({
            ASC: board.index,
            Name: 'BC5',
            ID: board.index,
            Enabled: 'Y',
            Status: board.faulted ? 'Dead' : 'Alive',
            'MHS 5s': mhs(board.hashrateThs),
            'MHS av': mhs(board.avgHashrateThs),
            'Effective Chips': board.faulted ? 0 : board.chips,
          })),
        });
      case 'temps':
        return reply(201, `${snapshot.boards.length} Temp(s)`, {
          TEMPS: snapshot.boards.map((board) => ({
            TEMP: board.index,
            ID: board.index + 6,
            Board: round(board.boardTempC, 1),
            Chip: round(board.chipTempC, 1),
          })),
        });
      case 'fans':
        return reply(202, `${snapshot.fansRpm.length} Fan(s)`, {
          FANS: snapshot.fansRpm.map((rpm, index) => ({
            FAN: index,
            ID: index,
            RPM: rpm,
            Speed: Math.round(snapshot.fanDuty * 100),
          })),
        });
      case 'pools':
        return reply(7, '3 Pool(s)', {
          POOLS: cgminerPools(emulatedPools(this.miner.seed, snapshot), false),
        });
      case 'tunerstatus':
        return reply(24, 'Tuner Status', {
          TUNERSTATUS: [
            {
              PowerLimit: Math.round(snapshot.powerTargetW),
              ApproximateMinerPowerConsumption: Math.round(snapshot.powerW),
              DynamicPowerScaling: 'Disabled',
            },
          ],
        });
      case 'pause':
        this.miner.recordControl('pause');
        this.miner.sleep();
        return reply(132, 'Pause mining');
      case 'resume':
        this.miner.recordControl('resume');
        this.miner.wake();
        return reply(133, 'Resume mining');
      default:
        return unknownCommand();
    }
  }
}
