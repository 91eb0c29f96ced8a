import type { SetpointRecord, SiteMinute } from '../../core/ports/storage.ts';

/**
 * The scale of a digital twin (`switchyard start`: the example fleet emulated at 1/100). The server
 * plans and stores every site at full scale; the twin runs `share` of each site's miners and GPU
 * nodes. So, at the edge between them:
 * - setpoints go to a twin's agents multiplied by `share` (the agent dispatches its own miners);
 * - site-level measurements from the twin (acked mining MW, telemetry minutes, measured hashrate)
 *   are divided by `share` before they are stored or shown next to full-scale figures.
 * Per-device readings stay as the emulated device reported them. A real fleet has no twin scale
 * (share 1): every conversion is the identity.
 */
export class TwinScale {
  /** 1 for a real fleet; 0.01 for a twin at 1/100 scale. */
  readonly share: number;

  constructor(share: number | undefined) {
    if (share !== undefined && !(share > 0 && share <= 1)) {
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

  /** A setpoint as the twin's agent must apply it (its share of the site's power). */
  toTwin(setpoint: SetpointRecord): SetpointRecord {
    if (!this.scaled) return setpoint;
    return {
      ...setpoint,
      miningMw: setpoint.miningMw * this.share,
      aiMw: setpoint.aiMw * this.share,
      batteryMw: setpoint.batteryMw * this.share,
    };
  }

  /** A site-level quantity the twin measured, at full scale. */
  fullScale(value: number): number {
    return this.scaled ? value / this.share : value;
  }

  /** A minute of site telemetry at full scale (device counts stay the twin's own). */
  minuteAtFullScale(minute: SiteMinute): SiteMinute {
    if (!this.scaled) return minute;
    return {
      ...minute,
      hashrateThs: minute.hashrateThs / this.share,
      miningPowerW: minute.miningPowerW / this.share,
      aiPowerW: minute.aiPowerW / this.share,
    };
  }
}
