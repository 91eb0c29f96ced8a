import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/adapters/broker/embedded-broker.ts';
import { connectBroker } from '../../src/adapters/broker/index.ts';
import { brokerAuthenticator } from '../../src/server/broker-authenticator.ts';
import { MAX_FAILURES_PER_WINDOW } from '../../src/server/services/auth-guard.ts';
import { type Harness, startHarness } from './app-harness.ts';

const quiet = { warn: () => {}, info: () => {}, error: () => {} };

/**
 * Issue 13, defects 4 and 7, on the server built by buildApp and the embedded broker wired as
 * startServer wires it: wrong secrets for a real key id are refused unchecked after a few, over
 * HTTP (429) and MQTT CONNECT, while the key's owner still gets in; an agent key cannot take
 * another site's agent client id.
 */
describe('authentication under attack', () => {
  let h: Harness;
  let broker: EmbeddedBroker;
  let agentKey: string;
  let agentId: string;

  beforeAll(async () => {
    h = await startHarness();
    const created = await h.call('POST', '/api/v1/api-keys', {
      body: { name: 'a', role: 'agent', siteId: 'site-a' },
    });
    agentKey = created.body.key;
    agentId = created.body.apiKey.id;
    broker = await startEmbeddedBroker({
      port: 0,
      authenticate: brokerAuthenticator(h.app.services.auth, 'server-secret'),
      log: quiet,
    });
  }, 60_000);

  afterAll(async () => {
    await broker?.close();
    await h?.close();
  });

  it('answers 429 after repeated wrong secrets for one key id; the real key still works', async () => {
    const { key: victim, apiKey } = (
      await h.call('POST', '/api/v1/api-keys', { body: { name: 'op', role: 'operator' } })
    ).body;
    expect((await h.call('GET', '/api/v1/sites', { key: victim })).status).toBe(200);
    const wrong = `sy_${apiKey.id}_${'w'.repeat(32)}`;
    const statuses: number[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_WINDOW + 3; i++) {
      statuses.push((await h.call('GET', '/api/v1/sites', { key: wrong })).status);
    }
    expect(statuses).toEqual([...Array(MAX_FAILURES_PER_WINDOW).fill(401), 429, 429, 429]);
    const limited = await h.call('GET', '/api/v1/sites', { key: wrong });
    expect(limited.body.error.code).toBe('SY_ERR_AUTH_RATE_LIMITED');
    expect((await h.call('GET', '/api/v1/sites', { key: victim })).status).toBe(200);
  });

  it('refuses MQTT CONNECTs with wrong secrets, then the key id unchecked; the agent still connects', async () => {
    // The agent was connected before the flood: its key is known-good and checked without scrypt.
    const before = await connectBroker({
      url: broker.url,
      clientId: 'switchyard-agent-site-a',
      username: agentId,
      password: agentKey,
      log: quiet,
    });
    await before.close();
    const wrong = `sy_${agentId}_${'w'.repeat(32)}`;
    for (let i = 0; i < MAX_FAILURES_PER_WINDOW + 2; i++) {
      await expect(
        connectBroker({
          url: broker.url,
          clientId: `x-${i}`,
          username: agentId,
          password: wrong,
          log: quiet,
        }),
      ).rejects.toMatchObject({ code: 'SY_ERR_AUTH_REQUIRED' });
    }
    expect((await h.app.services.auth.check(wrong)).ok).toBe(false);
    expect(await h.app.services.auth.check(wrong)).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    const agent = await connectBroker({
      url: broker.url,
      clientId: 'switchyard-agent-site-a',
      username: agentId,
      password: agentKey,
      log: quiet,
    });
    await agent.close();
  });

  it("binds agent client ids to the key's site: another site's id is refused and that site is not locked out", async () => {
    const other = (
      await h.call('POST', '/api/v1/api-keys', { body: { name: 'b', role: 'agent', siteId: 'site-b' } })
    ).body;
    const { key: thirdKey, apiKey: third } = (
      await h.call('POST', '/api/v1/api-keys', { body: { name: 'c', role: 'agent', siteId: 'site-c' } })
    ).body;
    await expect(
      connectBroker({
        url: broker.url,
        clientId: 'switchyard-agent-site-b',
        cleanSession: false,
        username: third.id,
        password: thirdKey,
        log: quiet,
      }),
    ).rejects.toMatchObject({ code: 'SY_ERR_AUTH_FORBIDDEN' });
    const real = await connectBroker({
      url: broker.url,
      clientId: 'switchyard-agent-site-b',
      cleanSession: false,
      username: other.apiKey.id,
      password: other.key,
      log: quiet,
    });
    await real.close();
  });
});
