import { join } from 'node:path';
import { connectBroker } from '../../src/adapters/broker/index.ts';
import { HttpGpuNodeAccess } from '../../src/adapters/compute/http-gpu-node-access.ts';
import { createMinerClient, type MinerClient } from '../../src/adapters/miners/index.ts';
import {
  type AgentLog,
  agentClientId,
  agentConfig,
  agentStatusWill,
  brokerLoginFromKey,
  ClientMinerFleet,
  type CycleReport,
  quickClientOf,
  SiteAgent,
  TelemetryBuffer,
} from '../../src/agent/index.ts';
import type { startServer } from '../../src/server/start-server.ts';
import type { SimSite } from '../../src/sim/fleet-sim.ts';

export const FLEET_POLL_SECONDS = 5;
/** The agents' connect timeout (`--probe-timeout-ms`; `npm start`'s demo uses 1,500). */
export const CONNECT_TIMEOUT_MS = 1_500;

/**
 * One site agent wired as `npm start`'s demo wires it through `runAgent` (src/cli/demo.ts,
 * src/cli/agent-command.ts): every miner with its dialect (and a stock Antminer's web port), the site's
 * emulated GPU nodes over their HTTP node agents, the server's replay clock. Built here rather than
 * through `runAgent` to hook `onCycle` (which miners report they cannot sleep, the curtailment cycles).
 */
export async function startSiteAgent(
  site: SimSite,
  server: Awaited<ReturnType<typeof startServer>>,
  dataDir: string,
  log: AgentLog,
  onCycle: (report: CycleReport) => void,
): Promise<{ agent: SiteAgent; close(): Promise<void> }> {
  const { key } = await server.app.services.auth.create(
    { name: `bench agent ${site.siteId}`, role: 'agent', siteId: site.siteId },
    'system',
  );
  const config = agentConfig({
    siteId: site.siteId,
    pollIntervalMs: FLEET_POLL_SECONDS * 1000,
    waveSize: 50,
    waveSpacingMs: 2000,
    fallback: { rule: 'hold-last' },
  });
  const clients = site.miners.map((endpoint) =>
    createMinerClient(endpoint.dialect, {
      host: endpoint.host,
      port: endpoint.port,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      ...(endpoint.webPort === undefined ? {} : { antminerWebPort: endpoint.webPort }),
    }),
  );
  const quickClient = (client: MinerClient) =>
    quickClientOf(client, { connectTimeoutMs: CONNECT_TIMEOUT_MS });
  const buffer = await TelemetryBuffer.open({
    dir: join(dataDir, `agent-${site.siteId}`, 'telemetry'),
    maxBytes: 64 * 1024 * 1024,
    log,
  });
  const broker = await connectBroker({
    url: server.brokerUrl,
    ...brokerLoginFromKey(key),
    clientId: agentClientId(site.siteId),
    will: agentStatusWill(site.siteId),
    log,
  });
  const gpuList = site.gpuNodes.map((node) => `${node.id}=${node.url}`).join(',');
  const agent = new SiteAgent({
    config,
    miners: new ClientMinerFleet(clients, { quickClient }),
    ...(gpuList === '' ? {} : { gpus: HttpGpuNodeAccess.fromList(gpuList) }),
    broker,
    clock: server.clock,
    buffer,
    log,
    onCycle,
  });
  await agent.start();
  agent.startPolling();
  return {
    agent,
    async close() {
      await agent.stop();
      await broker.close();
      await buffer.close();
    },
  };
}
