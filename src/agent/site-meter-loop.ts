import type { AckMessage, SetpointMessage } from '../adapters/broker/index.ts';
import type { SiteMeter } from '../core/ports/site-meter.ts';
import type { AgentLog } from './agent-log.ts';
import { METER_LOOP_START, type MeterLoopState, meterLoopStep } from './meter-loop.ts';
import { describeError, withTimeout } from './with-timeout.ts';

export interface SiteMeterLoopSettings {
  /** Share of the target the meter may be off and count as held (0.02: 2 %). */
  readonly tolerance: number;
  /** Share of the error corrected per poll. */
  readonly gain: number;
  /** Budget of one meter read, ms. */
  readonly timeoutMs: number;
}

/**
 * The closed loop on a site meter (meter-loop.ts) as a cycle uses it: reads the meter, and hands
 * the cycle the setpoint to dispatch with its mining MW trimmed; reads it again for the ack. The
 * meter not answering leaves the setpoint as it is (the loop holds its trim) and is logged.
 */
export class SiteMeterLoop {
  readonly #meter: SiteMeter;
  readonly #settings: SiteMeterLoopSettings;
  readonly #log: AgentLog;
  #state: MeterLoopState = METER_LOOP_START;

  constructor(meter: SiteMeter, settings: SiteMeterLoopSettings, log: AgentLog) {
    this.#meter = meter;
    this.#settings = settings;
    this.#log = log;
  }

  /** The setpoint to dispatch this cycle: `setpoint` with its mining MW trimmed by the meter's error. */
  async adjust(setpoint: SetpointMessage): Promise<SetpointMessage> {
    const measuredW = await this.#readW();
    if (measuredW === null) return setpoint;
    const step = meterLoopStep(this.#state, {
      miningSetpointW: setpoint.miningMw * 1e6,
      siteTargetW: targetW(setpoint),
      measuredW,
      tolerance: this.#settings.tolerance,
      gain: this.#settings.gain,
    });
    this.#state = step.state;
    return { ...setpoint, miningMw: step.miningTargetW / 1e6 };
  }

  /** The meter against `setpoint` now, for its ack; undefined when the meter does not answer. */
  async ackView(setpoint: SetpointMessage): Promise<AckMessage['meter']> {
    const measuredW = await this.#readW();
    if (measuredW === null) return undefined;
    const target = targetW(setpoint);
    return {
      measuredMw: round(measuredW / 1e6),
      targetMw: round(target / 1e6),
      held: Math.abs(target - measuredW) <= this.#settings.tolerance * target,
    };
  }

  async #readW(): Promise<number | null> {
    try {
      const reading = await withTimeout(this.#meter.read(), this.#settings.timeoutMs, 'site meter');
      return reading.activePowerW;
    } catch (error) {
      this.#log.warn({ err: describeError(error) }, 'site meter not read; setpoint dispatched as received');
      return null;
    }
  }
}

/** What the meter should read for `setpoint`: its mining and AI power, W. */
function targetW(setpoint: SetpointMessage): number {
  return (setpoint.miningMw + setpoint.aiMw) * 1e6;
}

function round(mw: number): number {
  return Math.round(mw * 1e6) / 1e6;
}
