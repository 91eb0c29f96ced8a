import { beforeAll } from 'vitest';
import { runBrokerContract } from '../../src/adapters/broker/broker.contract.ts';
import { connectBroker } from '../../src/adapters/broker/mqtt-broker-client.ts';

/**
 * The broker contract against a real Mosquitto (anonymous access on 127.0.0.1:1883). Runs share
 * that broker: the contract uses site and client ids unique to the run and removes its retained
 * messages and persistent sessions afterwards.
 */
const MOSQUITTO_URL = process.env.SWITCHYARD_TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883';
const quiet = { warn: () => {} };

beforeAll(async () => {
  try {
    const probe = await connectBroker({
      url: MOSQUITTO_URL,
      clientId: `probe-${process.pid}`,
      cleanSession: true,
      connectTimeoutMs: 3_000,
      log: quiet,
    });
    await probe.close();
  } catch (error) {
    throw new Error(
      `Mosquitto is not reachable at ${MOSQUITTO_URL} (${(error as Error).message}). ` +
        'Start it with `mosquitto -d -c /etc/mosquitto/mosquitto.conf` ' +
        '(listener 1883 on 127.0.0.1, allow_anonymous true), then rerun.',
    );
  }
});

/**
 * Skipped here: the authentication and access-rule cases. This Mosquitto accepts anonymous
 * clients and enforces no ACL; in production its rules come from its own config (password_file or
 * an auth plugin, acl_file with `pattern write switchyard/v1/sites/%u/telemetry`...), not from
 * broker-acl.ts, so they are tested against the embedded broker, which applies broker-acl.ts.
 */
const NO_SWITCHYARD_ACL = 'Mosquitto takes authentication and ACL from its own config (anonymous here)';

runBrokerContract(
  'Mosquitto',
  (credentials) =>
    connectBroker({
      url: MOSQUITTO_URL,
      clientId: credentials.clientId,
      cleanSession: credentials.cleanSession,
      reconnectPeriodMs: 100,
      log: quiet,
      ...(credentials.will === undefined ? {} : { will: credentials.will }),
    }),
  {
    skip: {
      badPassword: NO_SWITCHYARD_ACL,
      noCredentials: NO_SWITCHYARD_ACL,
      publishOtherSite: NO_SWITCHYARD_ACL,
      publishSetpoints: NO_SWITCHYARD_ACL,
      subscribeEverything: NO_SWITCHYARD_ACL,
      subscribeOtherSite: NO_SWITCHYARD_ACL,
      willOtherSite: NO_SWITCHYARD_ACL,
      clientIdOtherSite: NO_SWITCHYARD_ACL,
    },
  },
);
