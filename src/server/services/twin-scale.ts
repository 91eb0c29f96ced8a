import type { SetpointRecord, SiteMinute } from '../../core/ports/storage.ts';

/**
 * The scale of a digital twin (`switchyard start`: the example fleet emulated at 1/100). The server
 * plans and stores every site at full scale; the twin runs a share of each site's miners. So, at the
 * edge between them:
 * - setpoints go to a twin's agents multiplied by the site's share (the agent dispatches its miners);
 * - site-level measurements from the twin (acked mining MW, telemetry minutes, measured hashrate)
 *   are divided by it before they are stored or shown next to full-scale figures.
 * A site's share is its emulated share of its miners' nameplate power (`setSiteShares`: the twin
 * keeps whole machines, so 13 of 1,330 miners is 0.98 %), else the nominal `share`. Per-device
 * readings stay as the emulated device reported them. A real fleet has no twin scale (share 1):
 * every conversion is the identity.
 */
export class TwinScale {
  /** The nominal share: 1 for a real fleet; 0.01 for a twin at 1/100 scale. */
  readonly share: number;
  #sites: ReadonlyMap<string, number> = new Map();

  constructor(share: number | undefined) {
    if (share !== undefined && !validShare(share)) {
      throw new RangeError(`twin scale must be in (0, 1], got ${share}`);
    }
    this.share = share ?? 1;
  }

  /** True when the fleet the agents drive is a scaled twin. */
  get scaled(): boolean {
    return this.share < 1;
  }

  /** `1/100 scale` for people; null for a real fleet. */
  get label(): string | null {
    return this.scaled ? `1/${Math.round(1 / this.share)} scale` : null;
  }

  /** The twin's exact share of each site (from the emulated machines), replacing any set before. */
  setSiteShares(shares: Readonly<Record<string, number>>): void {
    for (const [siteId, share] of Object.entries(shares)) {
      if (!validShare(share)) throw new RangeError(`twin share of ${siteId} must be in (0, 1], got ${share}`);
    }
    this.#sites = new Map(Object.entries(shares));
  }

  /** The share of `siteId` the twin emulates (1 for a real fleet). */
  shareOf(siteId: string): number {
    return this.scaled ? (this.#sites.get(siteId) ?? this.share) : 1;
  }

  /** A setpoint as the twin's agent must apply it (its share of the site's power). */
  toTwin(setpoint: SetpointRecord): SetpointRecord {
    if (!this.scaled) return setpoint;
    const share = this.shareOf(setpoint.siteId);
    return {
      ...setpoint,
      miningMw: setpoint.miningMw * share,
      aiMw: setpoint.aiMw * share,
      batteryMw: setpoint.batteryMw * share,
    };
  }

  /** A site-level quantity the twin measured at `siteId`, at full scale. */
  fullScale(value: number, siteId: string): number {
    return this.scaled ? value / this.shareOf(siteId) : value;
  }

  /** A minute of site telemetry at full scale (device counts stay the twin's own). */
  minuteAtFullScale(minute: SiteMinute): SiteMinute {
    if (!this.scaled) return minute;
    const share = this.shareOf(minute.siteId);
    return {
      ...minute,
      hashrateThs: minute.hashrateThs / share,
      miningPowerW: minute.miningPowerW / share,
      aiPowerW: minute.aiPowerW / share,
    };
  }
}

function validShare(share: number): boolean {
  return share > 0 && share <= 1;
}
