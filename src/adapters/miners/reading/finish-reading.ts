import type { MinerReading, MinerState } from '../miner-reading.ts';
import type { ModelSpecLookup } from '../model-specs.ts';
import { round } from './json-values.ts';

/** What the firmware says about curtailment, before the hashrate is looked at. */
export interface StateHint {
  /** The firmware says it is curtailed / paused / powered off on request. */
  readonly sleeping: boolean | null;
  /** The mining process is not running. */
  readonly off: boolean | null;
  /** The firmware reports a fault state; the text says which. */
  readonly fault: string | null;
}

/**
 * A reading as a dialect parser produces it; `finishReading` adds state, power estimate and
 * efficiency. Its fields are `MinerReading`'s, with the firmware's own efficiency figure and a state
 * hint in place of the derived ones.
 */
export type ReadingDraft = Omit<MinerReading, 'state' | 'efficiencyJPerTh' | 'readAtMs'> & {
  /** J/TH when the firmware computes it itself (Braiins). */
  readonly reportedEfficiencyJPerTh: number | null;
  readonly stateHint: StateHint;
};

export interface FinishContext {
  readonly specs: ModelSpecLookup;
  readonly nowMs: number;
}

export function deriveState(hint: StateHint, hashrateThs: number | null): MinerState {
  if (hint.off) return 'off';
  if (hint.sleeping) return 'sleeping';
  if (hint.fault) return 'faulted';
  return hashrateThs !== null && hashrateThs > 0 ? 'hashing' : 'faulted';
}

/**
 * Completes a draft: the state from the hint and the hashrate; power from the nameplate when the
 * firmware reports none and the miner hashes (`spec-estimate`: nameplate J/TH x 5 s hashrate);
 * efficiency as reported, else power / 5 s hashrate.
 */
export function finishReading(draft: ReadingDraft, context: FinishContext): MinerReading {
  const warnings = [...draft.warnings];
  const currentThs = draft.hashrate5sThs ?? draft.hashrateAvgThs;
  const state = deriveState(draft.stateHint, currentThs);
  if (state === 'faulted') {
    warnings.push(
      draft.stateHint.fault ??
        (currentThs === null
          ? 'no hashrate reported and not curtailed'
          : 'not curtailed, yet the hashrate is 0 (or the firmware was put to sleep by another tool)'),
    );
  }

  let powerW = draft.powerW;
  let powerSource = draft.powerSource;
  if (powerW === null && state === 'hashing' && currentThs !== null && draft.model !== null) {
    const spec = context.specs(draft.model);
    if (spec) {
      powerW = Math.round((spec.powerW / spec.hashrateThs) * currentThs);
      powerSource = 'spec-estimate';
      warnings.push(
        `power estimated from the ${spec.model} nameplate (${spec.powerW} W at ${spec.hashrateThs} TH/s)`,
      );
    }
  }
  if (powerW === null) powerSource = null;

  const efficiencyJPerTh =
    draft.reportedEfficiencyJPerTh ??
    (powerW !== null && draft.hashrate5sThs !== null && draft.hashrate5sThs > 0
      ? round(powerW / draft.hashrate5sThs, 2)
      : null);

  return {
    dialect: draft.dialect,
    endpoint: draft.endpoint,
    model: draft.model,
    firmware: draft.firmware,
    hashrate5sThs: draft.hashrate5sThs,
    hashrateAvgThs: draft.hashrateAvgThs,
    nominalHashrateThs: draft.nominalHashrateThs,
    powerW,
    powerSource,
    powerTargetW: draft.powerTargetW,
    efficiencyJPerTh: efficiencyJPerTh === null ? null : round(efficiencyJPerTh, 2),
    boards: draft.boards,
    fansRpm: draft.fansRpm,
    pools: draft.pools,
    uptimeS: draft.uptimeS,
    state,
    errors: draft.errors,
    warnings,
    readAtMs: context.nowMs,
  };
}
