import { describe, expect, it } from 'vitest';
import type { SetpointRecord, SiteMinute } from '../../core/ports/storage.ts';
import { TwinScale } from './twin-scale.ts';

const setpoint: SetpointRecord = {
  siteId: 'tx-1',
  seq: 3,
  issuedAtMs: 0,
  expiresAtMs: 1,
  miningMw: 13,
  aiMw: 2,
  batteryMw: -4,
  curtailed: false,
  reason: 'plan',
};
const minute: SiteMinute = {
  siteId: 'tx-1',
  minuteMs: 0,
  hashrateThs: 3_000,
  miningPowerW: 130_000,
  aiPowerW: 20_000,
  maxTempC: 70,
  devicesUp: 20,
  devicesDown: 1,
  readings: 21,
};

describe('TwinScale', () => {
  it('sends a twin its share of the setpoint and brings its site figures back at full scale', () => {
    const twin = new TwinScale(0.01);
    expect(twin.label).toBe('1/100 scale');
    const sent = twin.toTwin(setpoint);
    expect([sent.miningMw, sent.aiMw, sent.batteryMw, sent.seq]).toEqual([0.13, 0.02, -0.04, 3]);
    expect(twin.fullScale(0.13, 'tx-1')).toBeCloseTo(13, 9);
    const full = twin.minuteAtFullScale(minute);
    expect([full.hashrateThs, full.miningPowerW, full.aiPowerW]).toEqual([300_000, 13_000_000, 2_000_000]);
    expect([full.devicesUp, full.devicesDown, full.maxTempC]).toEqual([20, 1, 70]);
  });

  it('uses a site’s exact share once known (whole machines emulated), the nominal one elsewhere', () => {
    const twin = new TwinScale(0.01);
    twin.setSiteShares({ 'tx-1': 0.0098 });
    expect(twin.toTwin(setpoint).miningMw).toBeCloseTo(13 * 0.0098, 12);
    expect(twin.fullScale(0.0098, 'tx-1')).toBeCloseTo(1, 12);
    expect(twin.fullScale(0.01, 'tx-2')).toBeCloseTo(1, 12);
    expect(() => twin.setSiteShares({ 'tx-1': 0 })).toThrow(RangeError);
  });

  it('is the identity for a real fleet and refuses a share outside (0, 1]', () => {
    const real = new TwinScale(undefined);
    expect(real.scaled).toBe(false);
    expect(real.label).toBeNull();
    expect(real.toTwin(setpoint)).toBe(setpoint);
    expect(real.minuteAtFullScale(minute)).toBe(minute);
    expect(() => new TwinScale(0)).toThrow(RangeError);
    expect(() => new TwinScale(2)).toThrow(RangeError);
  });
});
