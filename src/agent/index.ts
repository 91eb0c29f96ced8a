export { type AgentConfig, type AgentConfigInput, agentConfig, agentConfigSchema } from './agent-config.ts';
export { agentClientId, agentStatusWill, brokerLoginFromKey } from './agent-link.ts';
export { type AgentLog, consoleAgentLog, RecordingAgentLog, silentAgentLog } from './agent-log.ts';
export { ClientMinerFleet, type ClientMinerFleetOptions, nameplateOf } from './client-miner-fleet.ts';
export { type CommandOutcome, executeWaves, planWaves, type WavesResult } from './command-waves.ts';
export type { CycleReport, CycleTrigger } from './cycle-report.ts';
export { type Decision, type DecisionMode, decide, isLive } from './decide.ts';
export {
  type DispatchPlan,
  type MinerCommand,
  type MinerUnit,
  planCurtailAll,
  planDispatch,
  staggerCommands,
} from './dispatch.ts';
export { curtailAll, type EmergencyOptions, type EmergencyOutcome } from './emergency-curtailment.ts';
export { type FakeGpuNodeSpec, FakeGpuNodes } from './fake-gpu-nodes.ts';
export {
  FAKE_SLEEP_POWER_W,
  type FakeMinerCommand,
  FakeMinerFleet,
  type FakeMinerSpec,
} from './fake-miner-fleet.ts';
export {
  type BreakevenSettings,
  FALLBACK_RULES,
  type FallbackPlan,
  type FallbackRule,
  type FallbackSettings,
  planFallback,
} from './fallback-rule.ts';
export { type FallbackEpisode, FallbackTracker } from './fallback-tracker.ts';
export type { GpuLimitOutcome } from './gpu-limit-writer.ts';
export type { GpuNodeAccess, GpuNodeReading, GpuWorkload } from './gpu-node-access.ts';
export { type GpuLimitCommand, planGpuLimits } from './gpu-power-plan.ts';
export type { MinerFleet, MinerObservation, Nameplate } from './miner-fleet.ts';
export {
  expandCidr,
  MAX_SCAN_HOSTS,
  MINER_DIALECTS,
  type MinerTarget,
  parseMinerTargets,
  type ResolvedMiners,
  type ResolveMinersOptions,
  resolveMiners,
} from './miner-targets.ts';
export { type Pacer, pacedMapLimit, pollSpreadMs, realPacer } from './paced-reads.ts';
export { QUICK_VERIFY, quickClientOf, splitEndpoint } from './quick-client.ts';
export { SiteAgent, type SiteAgentDeps } from './site-agent.ts';
export {
  type GpuSample,
  type MinerSample,
  measuredGpuW,
  measuredMiningW,
  type SiteSnapshot,
  takeSnapshot,
} from './site-snapshot.ts';
export { type BufferedBatch, TelemetryBuffer, type TelemetryBufferOptions } from './telemetry-buffer.ts';
export { gpuDeviceReading, minerDeviceReading, telemetryBatches } from './telemetry-readings.ts';
export { TelemetrySender } from './telemetry-sender.ts';
