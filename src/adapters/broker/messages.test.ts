import { describe, expect, it } from 'vitest';
import { checkMessage, decodeMessage, formatPath, MAX_MESSAGE_BYTES } from './messages.ts';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const reading = {
  deviceId: 'g-1',
  kind: 'gpu',
  atMs: T0 + 1_000,
  state: 'busy',
  hashrateThs: null,
  powerW: 700,
  maxTempC: null,
  utilisation: 0.93,
};
const batch = { siteId: 's1', batchId: 'b-1', sentAtMs: T0 + 2_000, readings: [reading] };

describe('decodeMessage', () => {
  it('accepts a valid message of each kind', () => {
    expect(decodeMessage('telemetry', 's1', json(batch))).toEqual({ ok: true, value: batch });
    const setpoint = {
      siteId: 's1',
      seq: 3,
      issuedAtMs: 1,
      expiresAtMs: 2,
      miningMw: 1,
      aiMw: 0,
      batteryMw: -0.5,
      curtailed: true,
      reason: 'demand response',
    };
    expect(decodeMessage('setpoints', 's1', json(setpoint))).toMatchObject({ ok: true, value: setpoint });
    const ack = { siteId: 's1', seq: 3, atMs: T0 + 5, ok: false, message: 'pool down', reachedMiningMw: 0 };
    expect(decodeMessage('acks', 's1', json(ack))).toEqual({ ok: true, value: ack });
    const event = { siteId: 's1', atMs: T0 + 5, kind: 'alarm.overtemp', message: 'hot', details: { c: 95 } };
    expect(decodeMessage('events', 's1', json(event))).toEqual({ ok: true, value: event });
    expect(decodeMessage('status', 's1', json({ online: false }))).toEqual({
      ok: true,
      value: { online: false },
    });
  });

  it('drops unknown fields', () => {
    const result = decodeMessage('status', 's1', json({ online: true, atMs: T0, firmware: 'x' }));
    expect(result).toEqual({ ok: true, value: { online: true, atMs: T0 } });
  });

  it('names the field path and the problem', () => {
    const bad = { ...batch, readings: [reading, { ...reading, utilisation: 1.5, state: 'melting' }] };
    const result = decodeMessage('telemetry', 's1', json(bad));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection).toBe('invalid');
    expect(result.reason).toContain('readings[1].state: ');
    expect(result.reason).toContain('readings[1].utilisation: Too big');
  });

  it('requires every field, null rather than absent for an unreported value', () => {
    const { powerW: _powerW, ...withoutPower } = reading;
    const result = decodeMessage('telemetry', 's1', json({ ...batch, readings: [withoutPower] }));
    expect(result).toMatchObject({
      ok: false,
      reason: 'readings[0].powerW: expected number, received undefined',
    });
  });

  it('rejects a siteId that differs from the topic', () => {
    expect(decodeMessage('telemetry', 's2', json(batch))).toEqual({
      ok: false,
      rejection: 'site-mismatch',
      reason: 'siteId: "s1" does not match the topic\'s site "s2"',
    });
  });

  it.each(['', 'nope', '{"a":', '\u00ff\u00fe'])('rejects non-JSON %j', (text) => {
    expect(decodeMessage('status', 's1', Buffer.from(text))).toMatchObject({
      ok: false,
      rejection: 'not-json',
    });
  });

  it('rejects an oversized payload before parsing it', () => {
    const result = decodeMessage('telemetry', 's1', Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20));
    expect(result).toMatchObject({ ok: false, rejection: 'too-large' });
  });

  it('rejects JSON that is not an object', () => {
    expect(decodeMessage('status', 's1', json(null))).toMatchObject({ ok: false, rejection: 'invalid' });
    expect(checkMessage('acks', 's1', 42)).toMatchObject({
      ok: false,
      reason: 'expected object, received number',
    });
  });

  it('lists at most five issues', () => {
    const result = checkMessage('setpoints', 's1', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/; and \d+ more$/);
  });
});

describe('formatPath', () => {
  it('writes indexes in brackets', () => {
    expect(formatPath(['readings', 2, 'powerW'])).toBe('readings[2].powerW');
    expect(formatPath([])).toBe('');
  });
});
