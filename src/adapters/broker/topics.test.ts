import { describe, expect, it } from 'vitest';
import { allSitesFilter, isValidSiteId, parseSiteTopic, siteFilter, siteTopic } from './topics.ts';

describe('site topics', () => {
  it('builds versioned per-site topics and filters', () => {
    expect(siteTopic('tx-west-1', 'telemetry')).toBe('switchyard/v1/sites/tx-west-1/telemetry');
    expect(siteTopic('ke_2', 'setpoints')).toBe('switchyard/v1/sites/ke_2/setpoints');
    expect(allSitesFilter('acks')).toBe('switchyard/v1/sites/+/acks');
    expect(siteFilter('s1')).toBe('switchyard/v1/sites/s1/#');
  });

  it.each(['', 'Tx', 'a/b', '+', '#', 'a b', '-a', 'a'.repeat(65), 'a\u0000'])('rejects site id %j', (id) => {
    expect(isValidSiteId(id)).toBe(false);
    expect(() => siteTopic(id, 'status')).toThrow(TypeError);
    expect(() => siteFilter(id)).toThrow(TypeError);
  });

  it('parses what it builds', () => {
    for (const kind of ['telemetry', 'setpoints', 'acks', 'events', 'status'] as const) {
      expect(parseSiteTopic(siteTopic('s-1', kind))).toEqual({ siteId: 's-1', kind });
    }
  });

  it.each([
    'switchyard/v2/sites/s1/telemetry',
    'switchyard/v1/site/s1/telemetry',
    'switchyard/v1/sites/S1/telemetry',
    'switchyard/v1/sites/+/telemetry',
    'switchyard/v1/sites/s1/metrics',
    'switchyard/v1/sites/s1/telemetry/extra',
    'switchyard/v1/sites//telemetry',
    'other/v1/sites/s1/telemetry',
  ])('does not parse %s', (topic) => {
    expect(parseSiteTopic(topic)).toBeUndefined();
  });
});
