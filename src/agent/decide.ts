import type { SetpointMessage } from '../adapters/broker/index.ts';
import { type MinerCommand, planCurtailAll, planDispatch } from './dispatch.ts';
import { type FallbackSettings, planFallback } from './fallback-rule.ts';
import { type GpuLimitCommand, planGpuLimits } from './gpu-power-plan.ts';
import { curtailView, dispatchView } from './miner-units.ts';
import type { SiteSnapshot } from './site-snapshot.ts';

export interface DecideInput {
  readonly snapshot: SiteSnapshot;
  /** The newest valid setpoint received, expired or not. */
  readonly setpoint: SetpointMessage | undefined;
  readonly nowMs: number;
  readonly fallback: FallbackSettings;
  readonly underclockEfficiencyExponent: number;
  /** When each miner was last told to wake (the agent forgets entries older than `warmUpMs`). */
  readonly wokenAtMs: ReadonlyMap<string, number>;
  /** How long after a wake a miner without hashrate yet counts as warming up, ms. */
  readonly warmUpMs: number;
}

/**
 * - `setpoint`: a valid, unexpired setpoint is held; its mining power is dispatched.
 * - `curtail`: the held setpoint is a curtailment; every miner sleeps.
 * - `fallback`: no valid setpoint; the local fallback rule decided.
 */
export type DecisionMode = 'setpoint' | 'curtail' | 'fallback';

export interface Decision {
  readonly mode: DecisionMode;
  /** The setpoint acted on; null in fallback. */
  readonly seq: number | null;
  /** Why the fallback rule ran; null otherwise. */
  readonly fallbackReason: 'no-setpoint' | 'expired' | null;
  readonly commands: readonly MinerCommand[];
  /** Mining W expected once the commands took effect; null when the decision plans no level. */
  readonly expectedMiningW: number | null;
  readonly gpuLimits: readonly GpuLimitCommand[];
  /** For logs and the ack message. */
  readonly notes: readonly string[];
}

/** True while `setpoint` may be acted on at `nowMs`. */
export function isLive(setpoint: SetpointMessage | undefined, nowMs: number): setpoint is SetpointMessage {
  return setpoint !== undefined && nowMs < setpoint.expiresAtMs;
}

/**
 * Decides one tick on a frozen snapshot (pure). GPU power limits follow the setpoint's aiMw only
 * while a setpoint is live; in fallback the GPU nodes are left as they are.
 */
export function decide(input: DecideInput): Decision {
  const { snapshot, setpoint, nowMs } = input;
  const warmingUp = new Set<string>();
  // Woken after the snapshot was read: a curtailment deciding on an older snapshot sleeps them too.
  const wokenSince = new Set<string>();
  for (const [id, atMs] of input.wokenAtMs) {
    if (nowMs - atMs < input.warmUpMs) warmingUp.add(id);
    if (atMs >= snapshot.takenAtMs) wokenSince.add(id);
  }
  const view = dispatchView(snapshot, {
    underclockEfficiencyExponent: input.underclockEfficiencyExponent,
    warmingUp,
  });
  const notes: string[] = [];
  if (view.downIds.length > 0) notes.push(`${view.downIds.length} miner(s) did not answer`);

  if (!isLive(setpoint, nowMs)) {
    const plan = planFallback({
      settings: input.fallback,
      snapshot,
      view,
      lastSetpoint: setpoint,
      wokenSince,
    });
    notes.push(plan.note);
    return {
      mode: 'fallback',
      seq: null,
      fallbackReason: setpoint === undefined ? 'no-setpoint' : 'expired',
      commands: plan.commands,
      expectedMiningW: plan.expectedMiningW,
      gpuLimits: [],
      notes,
    };
  }

  const gpuLimits = snapshot.gpus.length > 0 ? planGpuLimits(snapshot.gpus, setpoint.aiMw * 1e6) : [];
  if (setpoint.curtailed) {
    return {
      mode: 'curtail',
      seq: setpoint.seq,
      fallbackReason: null,
      commands: planCurtailAll(curtailView(snapshot, wokenSince)),
      expectedMiningW: 0,
      gpuLimits,
      notes,
    };
  }
  const setpointW = setpoint.miningMw * 1e6;
  const targetW = Math.max(0, setpointW - view.uncontrolledW);
  const plan = planDispatch(view.units, targetW);
  if (view.uncontrolledW > 0) {
    notes.push(`${(view.uncontrolledW / 1e6).toFixed(3)} MW drawn by miners the agent cannot control`);
  }
  const smallestW = Math.min(...view.units.map((unit) => unit.powerTargetW?.minW ?? unit.nameplateW));
  if (targetW - plan.expectedW >= smallestW && plan.commands.every((c) => c.action !== 'sleep')) {
    notes.push(
      `only ${(plan.expectedW / 1e6).toFixed(3)} MW of miners available for ${setpoint.miningMw} MW of mining`,
    );
  }
  return {
    mode: 'setpoint',
    seq: setpoint.seq,
    fallbackReason: null,
    commands: plan.commands,
    expectedMiningW: plan.expectedW + view.uncontrolledW,
    gpuLimits,
    notes,
  };
}
