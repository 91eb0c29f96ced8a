import type { EmulatedMiner } from '../emulated-miner.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';
import { bitmainChainBlock } from './bitmain-firmware.ts';
import {
  type CgminerFirmware,
  type CgminerRequest,
  type CgReplies,
  cgminerPools,
  cgReplies,
  invalidJson,
} from './cgminer-reply.ts';
import { type LuxProfileSpec, luxProfiles, profileForTarget } from './luxos-profiles.ts';
import {
  activeFaults,
  emulatedPools,
  epochS,
  isoSeconds,
  type JsonObject,
  round,
  stableMac,
  stableText,
} from './wire-format.ts';

const VERSION = '2025.4.8.220305-57b389c7';
const DESCRIPTION = `LUXminer ${VERSION}`;
const COMPILE_TIME = 'Tue Apr  8 22:05:35 UTC 2025';
const SERIAL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * LuxOS (LUXminer, cgminer-style API on TCP 4028): the read commands (`summary`, `stats`, `devs`,
 * `pools`, `version`, `config`, `power`, `fans`, `temps`, `profiles`, `events`, combinable with `+`)
 * and the session commands: `session` (the open session, empty when none), `logon`, `logoff`, then
 * `curtail <session>,sleep|wakeup` and `profileset <session>,<profile>`. One session at a time, as on
 * the real firmware. Curtailment shows at once in `config` (`CurtailMode`), the boards stop after the
 * sleep delay. Faulted boards show as `Dead` devs, `x` chips in `stats` and a board event.
 */
export class LuxosFirmware implements CgminerFirmware {
  private sessionId: string | null = null;

  constructor(readonly miner: EmulatedMiner) {}

  invalidJson(): JsonObject {
    return invalidJson(epochS(this.miner.config.now()), DESCRIPTION);
  }

  respond(request: CgminerRequest, snapshot: MinerSnapshot): JsonObject {
    const { reply, refuse, unknownCommand } = cgReplies(epochS(snapshot.nowMs), DESCRIPTION);
    const profiles = luxProfiles(this.miner.config);
    switch (request.command) {
      case 'summary':
        return reply(11, 'Summary', { SUMMARY: [this.summary(snapshot)] });
      case 'stats':
        return reply(70, 'LUXminer stats', {
          STATS: [
            { CompileTime: COMPILE_TIME, Miner: VERSION.split('-')[0], Type: snapshot.model },
            bitmainChainBlock(
              snapshot,
              this.miner.seed,
              snapshot.nominalHashrateThs * 1000,
              this.activeProfile(profiles).frequencyMhz,
            ),
          ],
        });
      case 'devs':
        return reply(9, `${snapshot.boards.length} ASC(s)`, { DEVS: this.devs(snapshot, profiles) });
      case 'pools':
        return reply(7, '3 Pool(s)', { POOLS: cgminerPools(emulatedPools(this.miner.seed, snapshot), true) });
      case 'version':
        return reply(22, 'LUXminer versions', {
          VERSION: [
            {
              API: '3.7',
              CompileTime: COMPILE_TIME,
              LUXminer: VERSION,
              Miner: VERSION.split('-')[0],
              Type: snapshot.model,
            },
          ],
        });
      case 'config':
        return reply(33, 'LUXminer config', { CONFIG: [this.config(snapshot, profiles)] });
      case 'power':
        return reply(311, 'Power usage', { POWER: [{ PSU: false, Watts: Math.round(snapshot.powerW) }] });
      case 'fans':
        return reply(202, `${snapshot.fansRpm.length} Fan(s)`, {
          FANCTRL: [{ MinFans: 3, PowerOffSpeed: 20 }],
          FANS: snapshot.fansRpm.map((rpm, id) => ({
            FAN: `FAN${id + 1}`,
            ID: id,
            RPM: rpm,
            Speed: Math.round(snapshot.fanDuty * 100),
          })),
        });
      case 'temps':
        return reply(201, `${snapshot.boards.length} Temp(s)`, this.temps(snapshot));
      case 'profiles':
        return reply(323, 'List profiles', { PROFILES: this.profiles(profiles) });
      case 'events':
        return reply(357, 'Miner Events', { EVENTS: this.events(snapshot) });
      case 'session':
        return reply(340, 'Session', { SESSION: [{ SessionID: this.sessionId ?? '' }] });
      case 'logon': {
        this.miner.recordControl('logon');
        if (this.sessionId !== null) return refuse(45, 'Another session is active');
        this.sessionId = this.miner.randomText(8, '0123456789abcdef');
        return reply(341, 'Session created', { SESSION: [{ SessionID: this.sessionId }] });
      }
      case 'logoff': {
        if (this.sessionId === null || request.parameter !== this.sessionId) {
          return refuse(45, 'Invalid session id');
        }
        this.sessionId = null;
        return reply(342, 'Session closed');
      }
      case 'curtail':
      case 'profileset':
        return this.privileged(request, profiles, reply, refuse);
      default:
        return unknownCommand();
    }
  }

  private privileged(
    request: CgminerRequest,
    profiles: readonly LuxProfileSpec[],
    reply: CgReplies['reply'],
    refuse: CgReplies['refuse'],
  ): JsonObject {
    const [session, ...rest] = (request.parameter ?? '').split(',');
    const argument = rest.join(',').trim();
    this.miner.recordControl(`${request.command} ${argument}`);
    if (this.sessionId === null || session !== this.sessionId) return refuse(45, 'Invalid session id');
    if (request.command === 'curtail') {
      if (argument === 'sleep') {
        this.miner.sleep();
        return reply(343, 'Curtail sleep');
      }
      if (argument === 'wakeup') {
        this.miner.wake();
        return reply(343, 'Curtail wakeup');
      }
      return refuse(344, `Invalid curtail mode: ${argument}`);
    }
    const profile = profiles.find((candidate) => candidate.name === argument);
    if (!profile) return refuse(345, `Profile not found: ${argument}`);
    const outcome = this.miner.setPowerTarget(profile.watts);
    if (!outcome.accepted) return refuse(345, outcome.reason);
    return reply(346, 'Profile set', { PROFILE: [{ Profile: profile.name }] });
  }

  private activeProfile(profiles: readonly LuxProfileSpec[]): LuxProfileSpec {
    return profileForTarget(profiles, this.miner.powerTargetW)!;
  }

  private summary(snapshot: MinerSnapshot): JsonObject {
    const ghs = (ths: number) => round(ths * 1000);
    return {
      Elapsed: Math.floor(snapshot.uptimeS),
      'GHS 5s': ghs(snapshot.hashrateThs),
      'GHS 1m': ghs(snapshot.hashrateThs),
      'GHS 5m': ghs(snapshot.hashrateThs),
      'GHS 15m': ghs(snapshot.avgHashrateThs),
      'GHS 30m': ghs(snapshot.avgHashrateThs),
      'GHS 24h': ghs(snapshot.avgHashrateThs),
      'GHS av': ghs(snapshot.avgHashrateThs),
      'Found Blocks': 0,
      Getworks: Math.floor(snapshot.acceptedShares / 2) + 1,
      Accepted: snapshot.acceptedShares,
      Rejected: snapshot.rejectedShares,
      'Hardware Errors': 0,
      Utility: round(snapshot.uptimeS > 0 ? (snapshot.acceptedShares * 60) / snapshot.uptimeS : 0),
      Discarded: 0,
      Stale: 0,
      'Get Failures': 0,
      'Local Work': 0,
      'Remote Failures': 0,
      'Network Blocks': 0,
      'Total MH': snapshot.avgHashrateThs * 1e6 * snapshot.uptimeS,
      'Work Utility': round(snapshot.avgHashrateThs * 0.2),
      'Difficulty Accepted': snapshot.acceptedShares * 65536,
      'Difficulty Rejected': snapshot.rejectedShares * 65536,
      'Difficulty Stale': 0,
      'Best Share': 65536,
      'Device Hardware%': 0,
      'Device Rejected%': 0,
      'Pool Rejected%': 0,
      'Pool Stale%': 0,
      'Last getwork': epochS(snapshot.nowMs),
    };
  }

  private devs(snapshot: MinerSnapshot, profiles: readonly LuxProfileSpec[]): JsonObject[] {
    const when = epochS(snapshot.nowMs);
    const profile = this.activeProfile(profiles);
    return snapshot.boards.map((board) => {
      const mhs5s = board.hashrateThs * 1e6;
      const mhsAv = board.avgHashrateThs * 1e6;
      return {
        ASC: board.index,
        Name: '',
        ID: board.index,
        Enabled: 'Y',
        Status: board.faulted ? 'Dead' : 'Alive',
        Temperature: round(board.boardTempC, 1),
        'MHS av': mhsAv,
        'MHS 5s': mhs5s,
        'MHS 1m': mhs5s,
        'MHS 5m': mhs5s,
        'MHS 15m': mhsAv,
        'MHS 30m': mhsAv,
        'MHS 60m': mhsAv,
        'Nominal MHS': round(board.nominalHashrateThs * 1e6, 1),
        Accepted: Math.floor(snapshot.acceptedShares / snapshot.boards.length),
        Rejected: 0,
        'Hardware Errors': 0,
        Utility: 0,
        'Last Share Pool': 0,
        'Last Share Time': when,
        'Total MH': mhsAv * snapshot.uptimeS,
        'Diff1 Work': 0,
        'Difficulty Accepted': 0,
        'Difficulty Rejected': 0,
        'Last Share Difficulty': 65536,
        'Last Valid Work': when,
        'Device Hardware%': 0,
        'Device Rejected%': 0,
        'Device Elapsed': Math.floor(snapshot.uptimeS),
        'Hardware Error MHS 15m': 0,
        Board: 'BHB56903',
        Connector: `J${7 + board.index}`,
        SerialNumber: stableText(this.miner.seed, `board-${board.index}`, 17, SERIAL),
        Profile: profile.name,
        IsRamping: snapshot.phase === 'starting',
        IsUserShutdown: snapshot.curtailed,
        ControllerIPVersionHex: '0x18351835',
        ControllerIPVersionStr: 'N/A',
      };
    });
  }

  private config(snapshot: MinerSnapshot, profiles: readonly LuxProfileSpec[]): JsonObject {
    return {
      'ASC Count': snapshot.boards.length,
      'PGA Count': 0,
      'Pool Count': 3,
      Strategy: 'Failover',
      'Log Interval': 0,
      'Device Code': '',
      OS: 'LuxOS',
      Hotplug: 'None',
      Model: snapshot.model,
      NameplateTHS: snapshot.nameplateHashrateThs,
      Profile: this.activeProfile(profiles).name,
      ProfileStep: this.activeProfile(profiles).step,
      CurtailMode: snapshot.curtailed ? 'Sleep' : 'None',
      IsAtmEnabled: false,
      IsTuning: false,
      IsPowerSupplyOn: true,
      IsSingleVoltage: true,
      ImmersionMode: false,
      Cooling: 'Air',
      SystemStatus: 'Normal',
      FeeStatus: 'Ok',
      ControlBoardType: 'cvitek',
      Hostname: `lux-${stableText(this.miner.seed, 'host', 6, '0123456789abcdef')}`,
      MACAddr: stableMac(this.miner.seed),
      SerialNumber: stableText(this.miner.seed, 'serial', 17, SERIAL),
      DHCP: true,
      UpdateOnStartup: 'off',
      UpdateOnTimeout: 'off',
      UpdateOnUser: 'full',
    };
  }

  private temps(snapshot: MinerSnapshot): JsonObject {
    return {
      METADATA: [
        {
          TopLeft: { Label: 'Board Exhaust (top)', Position: [0, 0] },
          TopRight: { Label: 'Board Intake (top)', Position: [0, 1] },
          BottomLeft: { Label: 'Board Exhaust (bottom)', Position: [1, 0] },
          BottomRight: { Label: 'Board Intake (bottom)', Position: [1, 1] },
        },
      ],
      TEMPS: snapshot.boards.map((board) => {
        const exhaust = round(board.boardTempC, 1);
        const intake = round(Math.min(board.boardTempC, snapshot.ambientC + 8), 1);
        return {
          ID: board.index,
          TEMP: board.index,
          TopLeft: exhaust,
          TopRight: intake,
          BottomLeft: exhaust,
          BottomRight: intake,
        };
      }),
    };
  }

  private profiles(profiles: readonly LuxProfileSpec[]): JsonObject[] {
    const active = this.activeProfile(profiles);
    return profiles.map((profile) => ({
      'Profile Name': profile.name,
      Frequency: profile.frequencyMhz,
      Hashrate: profile.hashrateThs,
      Watts: profile.watts,
      Voltage: profile.voltage,
      Step: profile.step,
      IsDynamic: true,
      IsTuned: profile === active,
      CanRestore: true,
      HasOverrides: false,
    }));
  }

  private events(snapshot: MinerSnapshot): JsonObject[] {
    return activeFaults(snapshot).map((fault) => ({
      Code: 'REBOOT_NOT_HASHING',
      CreatedAt: isoSeconds(fault.atMs),
      Description: 'Board reboot due to it not hashing.',
      DocUrl: 'https://docs.luxor.tech/firmware/kb/eventstroubleshooting#reboot-not-hashing',
      ID: fault.board,
      Target: 'BOARD',
    }));
  }
}
