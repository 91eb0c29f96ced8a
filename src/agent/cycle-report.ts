import type { AckMessage } from '../adapters/broker/index.ts';
import type { AgentLog } from './agent-log.ts';
import type { WavesResult } from './command-waves.ts';
import type { Decision } from './decide.ts';
import type { GpuLimitOutcome } from './gpu-limit-writer.ts';
import type { SiteSnapshot } from './site-snapshot.ts';

/** What started a cycle: the poll timer (or tick()), a new setpoint, or a new curtailment. */
export type CycleTrigger = 'poll' | 'setpoint' | 'curtail';

/** One cycle (snapshot -> decide -> write), for logs and tests. */
export interface CycleReport {
  readonly trigger: CycleTrigger;
  readonly startedAtMs: number;
  readonly snapshot: SiteSnapshot;
  /** Undefined when deciding failed (see `error`); nothing was written then. */
  readonly decision: Decision | undefined;
  readonly waves: WavesResult;
  readonly gpuLimits: readonly GpuLimitOutcome[];
  /** Telemetry batches this cycle queued (poll cycles only). */
  readonly batchIds: readonly string[];
  /** The ack this cycle published, if it acted on a setpoint not acked before. */
  readonly ack: AckMessage | undefined;
  readonly error?: string;
}

const NO_WAVES: WavesResult = { outcomes: [], wavesPlanned: 0, wavesRun: 0, interrupted: false };

/** A report from what the cycle got to: no waves, no GPU limits and no ack unless given. */
export function cycleReport(
  fields: Partial<CycleReport> &
    Pick<CycleReport, 'trigger' | 'startedAtMs' | 'snapshot' | 'decision' | 'batchIds'>,
): CycleReport {
  return { waves: NO_WAVES, gpuLimits: [], ack: undefined, ...fields };
}

/** One log line per cycle that decided: a warning when some command did not take effect. */
export function logCycle(log: AgentLog, report: CycleReport): void {
  const decision = report.decision;
  if (decision === undefined) return;
  const failed = report.waves.outcomes.filter((outcome) => !outcome.applied).length;
  const entry = {
    trigger: report.trigger,
    mode: decision.mode,
    seq: decision.seq,
    commands: report.waves.outcomes.length,
    failed,
    waves: `${report.waves.wavesRun}/${report.waves.wavesPlanned}`,
    gpuLimits: report.gpuLimits.length,
    minersDown: report.snapshot.miners.filter((sample) => sample.observation === null).length,
    notes: decision.notes,
  };
  if (failed > 0) log.warn(entry, 'cycle done; some commands did not take effect');
  else log.info(entry, 'cycle done');
}
