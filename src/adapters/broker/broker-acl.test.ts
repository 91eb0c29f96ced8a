import { describe, expect, it } from 'vitest';
import { canPublish, canSubscribe } from './broker-acl.ts';
import type { Principal } from './principal.ts';
import { siteTopic } from './topics.ts';

const agent: Principal = { role: 'agent', siteId: 's1' };
const server: Principal = { role: 'server' };

describe('broker access rules', () => {
  it('lets an agent publish to its own telemetry, acks, events and status only', () => {
    for (const kind of ['telemetry', 'acks', 'events', 'status'] as const) {
      expect(canPublish(agent, siteTopic('s1', kind))).toBe(true);
      expect(canPublish(agent, siteTopic('s2', kind))).toBe(false);
    }
    expect(canPublish(agent, siteTopic('s1', 'setpoints'))).toBe(false);
    expect(canPublish(agent, 'switchyard/v1/other')).toBe(false);
    expect(canPublish(agent, '$SYS/x')).toBe(false);
  });

  it('lets an agent subscribe to its own setpoints only, without wildcards', () => {
    expect(canSubscribe(agent, siteTopic('s1', 'setpoints'))).toBe(true);
    expect(canSubscribe(agent, siteTopic('s2', 'setpoints'))).toBe(false);
    expect(canSubscribe(agent, siteTopic('s1', 'telemetry'))).toBe(false);
    for (const filter of [
      '#',
      'switchyard/v1/#',
      'switchyard/v1/sites/+/setpoints',
      'switchyard/v1/sites/s1/#',
    ]) {
      expect(canSubscribe(agent, filter)).toBe(false);
    }
  });

  it('refuses an agent without a valid site', () => {
    expect(canPublish({ role: 'agent' }, siteTopic('s1', 'telemetry'))).toBe(false);
    expect(canSubscribe({ role: 'agent', siteId: '+' }, 'switchyard/v1/sites/+/setpoints')).toBe(false);
  });

  it('lets the server do anything under switchyard/v1/ and nothing else', () => {
    expect(canPublish(server, siteTopic('s9', 'setpoints'))).toBe(true);
    expect(canSubscribe(server, 'switchyard/v1/#')).toBe(true);
    expect(canSubscribe(server, 'switchyard/v1/sites/+/telemetry')).toBe(true);
    expect(canSubscribe(server, '#')).toBe(false);
    expect(canSubscribe(server, 'switchyard/+/sites/s1/telemetry')).toBe(false);
    expect(canPublish(server, 'elsewhere/x')).toBe(false);
  });

  it.each(['admin', 'operator', 'tenant'] as const)('refuses role %s everything', (role) => {
    const principal: Principal = { role, siteId: 's1' };
    expect(canPublish(principal, siteTopic('s1', 'telemetry'))).toBe(false);
    expect(canSubscribe(principal, siteTopic('s1', 'setpoints'))).toBe(false);
  });
});
