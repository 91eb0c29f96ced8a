import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BrokerClient, LastWill } from './broker-client.ts';
import { Inbox } from './inbox.ts';
import { type Principal, principalName } from './principal.ts';
import { allSitesFilter, siteFilter, siteTopic } from './topics.ts';

/** What the contract asks a harness to connect as; the harness maps it to its broker's credentials. */
export interface ContractCredentials {
  readonly clientId: string;
  /** Who connects; undefined: no username or password at all. */
  readonly principal?: Principal;
  /** Present a wrong password for `principal`. */
  readonly wrongPassword?: boolean;
  readonly will?: LastWill;
  readonly cleanSession: boolean;
}

export type ConnectForContract = (credentials: ContractCredentials) => Promise<BrokerClient>;

/** The cases of the contract, by id; a harness that skips one names it here with its reason. */
export const BROKER_CONTRACT_CASES = {
  roundTrip: 'delivers a published message to a subscriber, JSON or raw bytes',
  wildcards: 'matches + and # wildcard subscriptions',
  retained: 'delivers the latest retained setpoint to a late subscriber',
  persistentSession: 'queues QoS 1 messages for a persistent session while it is away',
  lastWill: 'publishes the retained last will when a connection drops',
  cleanClose: 'does not publish the last will on a clean close',
  badPassword: 'refuses a connection with a bad password',
  noCredentials: 'refuses a connection without credentials',
  publishOtherSite: "drops an agent's publish to another site",
  publishSetpoints: "drops an agent's publish to its own setpoints topic",
  subscribeEverything: "refuses an agent's subscription to #",
  subscribeOtherSite: "refuses an agent's subscription to another site's setpoints",
  willOtherSite: "drops an agent's last will on another site",
  clientIdOtherSite: "refuses an agent's connection under another site's agent client id",
} as const;

export type BrokerContractCase = keyof typeof BROKER_CONTRACT_CASES;

export interface BrokerContractOptions {
  /** Cases this implementation cannot run, each with the reason (rule 11). */
  readonly skip?: Partial<Record<BrokerContractCase, string>>;
}

/**
 * Test credentials for harnesses whose broker authenticates: the username names the principal
 * (`server`, `agent:<siteId>`), the password is derived from it. Pair with contractAuthenticate.
 */
export function contractLogin(credentials: ContractCredentials): { username?: string; password?: string } {
  if (credentials.principal === undefined) return {};
  const username = principalName(credentials.principal);
  return { username, password: credentials.wrongPassword ? 'wrong' : `secret-${username}` };
}

/** The `authenticate` of a broker under test that accepts what contractLogin presents. */
export async function contractAuthenticate(
  username: string,
  password: string,
): Promise<Principal | undefined> {
  if (password !== `secret-${username}`) return undefined;
  const [role, siteId] = username.split(':');
  if (role === 'server') return { role: 'server' };
  if (role === 'agent' && siteId !== undefined) return { role: 'agent', siteId };
  return undefined;
}

/** Long enough for a dropped message to have arrived had it not been dropped. */
const SETTLE_MS = 300;

/**
 * The behaviour every broker (embedded aedes, Mosquitto) and the fake must show, as a vitest
 * `describe`. Site ids and client ids are unique per run, so runs can share a broker; retained
 * messages and persistent sessions the suite creates are removed afterwards.
 */
export function runBrokerContract(
  name: string,
  connect: ConnectForContract,
  options: BrokerContractOptions = {},
): void {
  describe(`Broker contract: ${name}`, () => {
    const run = randomBytes(4).toString('hex');
    let counter = 0;
    const newSite = () => `ct${run}-${++counter}`;
    const newClientId = (role: string) => `ct${run}-${role}-${++counter}`;
    const open: BrokerClient[] = [];
    const retainedTopics = new Set<string>();
    const sessions: ContractCredentials[] = [];
    const server: Principal = { role: 'server' };
    const agent = (siteId: string): Principal => ({ role: 'agent', siteId });

    const connectAs = async (credentials: ContractCredentials): Promise<BrokerClient> => {
      const client = await connect(credentials);
      open.push(client);
      if (!credentials.cleanSession) sessions.push(credentials);
      return client;
    };
    const serverClient = () =>
      connectAs({ clientId: newClientId('srv'), principal: server, cleanSession: true });
    const agentClient = (siteId: string, extra: Partial<ContractCredentials> = {}) =>
      connectAs({ clientId: newClientId('agt'), principal: agent(siteId), cleanSession: true, ...extra });
    const subscribed = async (client: BrokerClient, filter: string): Promise<Inbox> => {
      const inbox = new Inbox();
      await client.subscribe(filter, inbox.handler);
      return inbox;
    };
    const publishRetained = async (client: BrokerClient, topic: string, payload: object) => {
      retainedTopics.add(topic);
      await client.publish(topic, payload, { qos: 1, retain: true });
    };

    const test = (id: BrokerContractCase, body: () => Promise<void>) => {
      const reason = options.skip?.[id];
      if (reason === undefined) it(BROKER_CONTRACT_CASES[id], body);
      else it.skip(`${BROKER_CONTRACT_CASES[id]} (skipped: ${reason})`, body);
    };

    afterEach(async () => {
      await Promise.allSettled(open.splice(0).map((client) => client.close()));
    });

    afterAll(async () => {
      // Leave nothing behind on a shared broker: retained messages and persistent sessions.
      const cleaner = await connect({
        clientId: newClientId('clean'),
        principal: server,
        cleanSession: true,
      });
      for (const topic of retainedTopics)
        await cleaner.publish(topic, Buffer.alloc(0), { qos: 1, retain: true });
      await cleaner.close();
      for (const session of sessions) {
        const { will: _will, ...rest } = session;
        const client = await connect({ ...rest, cleanSession: true }).catch(() => undefined);
        await client?.close();
      }
    });

    test('roundTrip', async () => {
      const site = newSite();
      const topic = siteTopic(site, 'telemetry');
      const srv = await serverClient();
      const inbox = await subscribed(srv, topic);
      const agt = await agentClient(site);
      expect(agt.connected).toBe(true);
      const batch = { siteId: site, batchId: 'b1', sentAtMs: 1_700_000_000_000, readings: [] };
      await agt.publish(topic, batch, { qos: 1 });
      await agt.publish(topic, Buffer.from('not json {'), { qos: 1 });
      expect(await inbox.waitForJson(topic)).toEqual(batch);
      const raw = await inbox.waitFor((message) => message.payload.toString() === 'not json {');
      expect(raw.topic).toBe(topic);
      await agt.close();
      expect(agt.connected).toBe(false);
    });

    test('wildcards', async () => {
      const [a, b] = [newSite(), newSite()];
      const srvPlus = await serverClient();
      const srvHash = await serverClient();
      const plus = await subscribed(srvPlus, allSitesFilter('telemetry'));
      const hash = await subscribed(srvHash, siteFilter(a));
      const agentA = await agentClient(a);
      const agentB = await agentClient(b);
      await agentA.publish(siteTopic(a, 'telemetry'), { from: 'a' }, { qos: 1 });
      await agentA.publish(siteTopic(a, 'events'), { from: 'a-event' }, { qos: 1 });
      await agentB.publish(siteTopic(b, 'telemetry'), { from: 'b' }, { qos: 1 });
      await plus.waitForJson(siteTopic(a, 'telemetry'));
      await plus.waitForJson(siteTopic(b, 'telemetry'));
      await hash.waitForJson(siteTopic(a, 'telemetry'));
      await hash.waitForJson(siteTopic(a, 'events'));
      await delay(SETTLE_MS);
      const ours = (inbox: Inbox) =>
        inbox.messages.map((message) => message.topic).filter((topic) => topic.includes(`/ct${run}-`));
      expect(new Set(ours(plus))).toEqual(new Set([siteTopic(a, 'telemetry'), siteTopic(b, 'telemetry')]));
      expect(new Set(ours(hash))).toEqual(new Set([siteTopic(a, 'telemetry'), siteTopic(a, 'events')]));
    });

    test('retained', async () => {
      const site = newSite();
      const topic = siteTopic(site, 'setpoints');
      const srv = await serverClient();
      await publishRetained(srv, topic, { siteId: site, seq: 1 });
      await publishRetained(srv, topic, { siteId: site, seq: 2 });
      const agt = await agentClient(site);
      const inbox = await subscribed(agt, topic);
      expect(await inbox.waitForJson(topic)).toEqual({ siteId: site, seq: 2 });
      await delay(SETTLE_MS);
      expect(inbox.json(topic)).toEqual([{ siteId: site, seq: 2 }]);
    });

    test('persistentSession', async () => {
      const site = newSite();
      const topic = siteTopic(site, 'setpoints');
      const credentials: ContractCredentials = {
        clientId: newClientId('agt'),
        principal: agent(site),
        cleanSession: false,
      };
      const first = await connectAs(credentials);
      await first.subscribe(topic, () => {});
      await first.close();

      const srv = await serverClient();
      await srv.publish(topic, { siteId: site, seq: 7 }, { qos: 1 });
      await srv.publish(topic, { siteId: site, seq: 8 }, { qos: 1 });

      const again = await connectAs(credentials);
      const inbox = await subscribed(again, topic);
      await inbox.waitForJson(topic, (json) => (json as { seq: number }).seq === 8);
      expect(inbox.json(topic).map((json) => (json as { seq: number }).seq)).toEqual([7, 8]);
    });

    test('lastWill', async () => {
      const site = newSite();
      const topic = siteTopic(site, 'status');
      retainedTopics.add(topic);
      const srv = await serverClient();
      const inbox = await subscribed(srv, topic);
      const agt = await agentClient(site, { will: { topic, payload: { online: false }, retain: true } });
      await publishRetained(agt, topic, { online: true, atMs: 1 });
      await inbox.waitForJson(topic, (json) => (json as { online: boolean }).online);
      await agt.destroy();
      expect(await inbox.waitForJson(topic, (json) => !(json as { online: boolean }).online)).toEqual({
        online: false,
      });
      const late = await serverClient();
      const lateInbox = await subscribed(late, topic);
      expect(await lateInbox.waitForJson(topic)).toEqual({ online: false });
    });

    test('cleanClose', async () => {
      const site = newSite();
      const topic = siteTopic(site, 'status');
      const srv = await serverClient();
      const inbox = await subscribed(srv, topic);
      const agt = await agentClient(site, { will: { topic, payload: { online: false }, retain: false } });
      await agt.publish(topic, { online: true }, { qos: 1 });
      await inbox.waitForJson(topic);
      await agt.close();
      await delay(SETTLE_MS);
      expect(inbox.json(topic)).toEqual([{ online: true }]);
    });

    test('badPassword', async () => {
      const site = newSite();
      await expect(
        connectAs({
          clientId: newClientId('agt'),
          principal: agent(site),
          wrongPassword: true,
          cleanSession: true,
        }),
      ).rejects.toMatchObject({ code: 'SY_ERR_AUTH_REQUIRED' });
    });

    test('clientIdOtherSite', async () => {
      const [own, other] = [newSite(), newSite()];
      await expect(
        connectAs({ clientId: `switchyard-agent-${other}`, principal: agent(own), cleanSession: false }),
      ).rejects.toMatchObject({ code: 'SY_ERR_AUTH_FORBIDDEN' });
      // The site's own agent is not locked out by the attempt.
      const real = await connectAs({
        clientId: `switchyard-agent-${other}`,
        principal: agent(other),
        cleanSession: true,
      });
      await real.close();
    });

    test('noCredentials', async () => {
      await expect(connectAs({ clientId: newClientId('anon'), cleanSession: true })).rejects.toMatchObject({
        code: 'SY_ERR_AUTH_REQUIRED',
      });
    });

    test('publishOtherSite', async () => {
      const [own, other] = [newSite(), newSite()];
      const srv = await serverClient();
      const inbox = await subscribed(srv, allSitesFilter('telemetry'));
      const agt = await agentClient(own);
      await agt.publish(siteTopic(other, 'telemetry'), { forged: true }, { qos: 1 });
      await agt.publish(siteTopic(own, 'telemetry'), { forged: false }, { qos: 1 });
      await inbox.waitForJson(siteTopic(own, 'telemetry'));
      await delay(SETTLE_MS);
      expect(inbox.json(siteTopic(other, 'telemetry'))).toEqual([]);
      expect(agt.connected).toBe(true);
    });

    test('publishSetpoints', async () => {
      const site = newSite();
      const srv = await serverClient();
      const setpoints = await subscribed(srv, siteTopic(site, 'setpoints'));
      const telemetry = await subscribed(srv, siteTopic(site, 'telemetry'));
      const agt = await agentClient(site);
      await agt.publish(siteTopic(site, 'setpoints'), { siteId: site, seq: 99 }, { qos: 1, retain: true });
      retainedTopics.add(siteTopic(site, 'setpoints'));
      await agt.publish(siteTopic(site, 'telemetry'), { barrier: true }, { qos: 1 });
      await telemetry.waitForJson(siteTopic(site, 'telemetry'));
      await delay(SETTLE_MS);
      expect(setpoints.messages).toEqual([]);
    });

    test('subscribeEverything', async () => {
      const agt = await agentClient(newSite());
      await expect(agt.subscribe('#', () => {})).rejects.toMatchObject({ code: 'SY_ERR_AUTH_FORBIDDEN' });
      await expect(agt.subscribe('switchyard/v1/#', () => {})).rejects.toMatchObject({
        code: 'SY_ERR_AUTH_FORBIDDEN',
      });
      expect(agt.connected).toBe(true);
    });

    test('subscribeOtherSite', async () => {
      const [own, other] = [newSite(), newSite()];
      const agt = await agentClient(own);
      await expect(agt.subscribe(siteTopic(other, 'setpoints'), () => {})).rejects.toMatchObject({
        code: 'SY_ERR_AUTH_FORBIDDEN',
      });
      await agt.subscribe(siteTopic(own, 'setpoints'), () => {});
    });

    test('willOtherSite', async () => {
      const [own, other] = [newSite(), newSite()];
      const srv = await serverClient();
      const inbox = await subscribed(srv, allSitesFilter('status'));
      const agt = await agentClient(own, {
        will: { topic: siteTopic(other, 'status'), payload: { online: false }, retain: true },
      });
      retainedTopics.add(siteTopic(other, 'status'));
      await agt.destroy();
      await delay(SETTLE_MS);
      expect(inbox.json(siteTopic(other, 'status'))).toEqual([]);
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
