import { ReplySet } from '../cgminer/reply-set.ts';
import {
  type MinerClientOptions,
  overrideRange,
  type ResolvedOptions,
  resolveOptions,
} from '../client-options.ts';
import { assertCanSleep, assertPowerTargetAllowed } from '../control/guards.ts';
import { checkAsleep, checkAwake, checkPowerTarget, verifyByReadBack } from '../control/verify.ts';
import { PowerTargetOutOfRangeError } from '../errors/power-target-out-of-range-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asText, firstObject } from '../reading/json-values.ts';
import { CgminerTransport } from '../transport/cgminer-transport.ts';
import { withLuxSession } from './luxos-session.ts';
import { type LuxProfile, parseLuxos, parseLuxProfiles } from './parse-luxos.ts';
import { pickProfile } from './pick-profile.ts';

const READ_COMMANDS = [
  'summary',
  'stats',
  'devs',
  'pools',
  'version',
  'config',
  'power',
  'fans',
  'temps',
  'profiles',
  'events',
];

/**
 * LuxOS (LUXminer, cgminer-style API on TCP 4028). Sleep/wake with `curtail sleep|wakeup`, power targets
 * by switching to the tuning profile with the most watts not above the target (`profileset`); both
 * privileged commands run in a LuxOS session. ATM (automatic thermal management), when enabled, may
 * later move the profile; this client does not change ATM.
 */
export class LuxosClient implements MinerClient {
  readonly dialect = 'luxos' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly transport: CgminerTransport;

  constructor(options: MinerClientOptions) {
    this.options = resolveOptions(options, 4028);
    this.endpoint = this.options.where;
    this.transport = new CgminerTransport(this.options.endpoint, this.options.timeouts);
  }

  async read(): Promise<MinerReading> {
    const replies = new ReplySet(await this.transport.commands(READ_COMMANDS), ['summary']);
    return finishReading(parseLuxos(replies, this.endpoint), {
      specs: this.options.specs,
      nowMs: this.options.clock.nowMs(),
    });
  }

  async capabilities(): Promise<MinerCapabilities> {
    return this.capabilitiesOf(await this.profiles());
  }

  private async profiles(): Promise<LuxProfile[]> {
    return parseLuxProfiles((await this.transport.command('profiles')).body);
  }

  private capabilitiesOf(profiles: readonly LuxProfile[]): MinerCapabilities {
    const watts = profiles.map((profile) => profile.watts);
    const range = overrideRange(
      {
        min: watts.length > 0 ? Math.min(...watts) : null,
        max: watts.length > 0 ? Math.max(...watts) : null,
        source: watts.length > 0 ? `LuxOS profiles (${profiles.length})` : null,
      },
      this.options.powerRangeW,
    );
    return {
      canSleep: true,
      canSetPowerTarget: profiles.length > 0,
      minPowerW: range.min,
      maxPowerW: range.max,
      powerRangeSource: range.source,
      notes: profiles.length > 0 ? [] : ['LuxOS listed no tuning profiles'],
    };
  }

  async sleep(): Promise<ControlResult> {
    assertCanSleep(await this.capabilities(), this.endpoint, 'sleep');
    const reply = await withLuxSession(this.transport, 'curtail', 'sleep');
    return verifyByReadBack(
      () => this.read(),
      checkAsleep,
      this.options.verify,
      `curtail sleep: ${message(reply.body)}`,
    );
  }

  async wake(): Promise<ControlResult> {
    assertCanSleep(await this.capabilities(), this.endpoint, 'wake');
    const reply = await withLuxSession(this.transport, 'curtail', 'wakeup');
    return verifyByReadBack(
      () => this.read(),
      checkAwake,
      this.options.verify,
      `curtail wakeup: ${message(reply.body)}`,
    );
  }

  async setPowerTarget(watts: number): Promise<ControlResult> {
    const profiles = await this.profiles();
    const capabilities = this.capabilitiesOf(profiles);
    assertPowerTargetAllowed(capabilities, this.endpoint, watts);
    const profile = pickProfile(profiles, watts);
    if (!profile) {
      throw new PowerTargetOutOfRangeError(
        this.endpoint,
        watts,
        capabilities.minPowerW,
        capabilities.maxPowerW,
      );
    }
    const reply = await withLuxSession(this.transport, 'profileset', profile.name);
    return verifyByReadBack(
      () => this.read(),
      (reading) => checkPowerTarget(reading, profile.watts, 0),
      this.options.verify,
      `profileset ${profile.name} (${profile.watts} W) for a ${watts} W target: ${message(reply.body)}`,
    );
  }
}

function message(body: Record<string, unknown>): string {
  return asText(firstObject(body.STATUS)?.Msg) ?? 'OK';
}
