import type { Storage } from '../../core/ports/storage.ts';
import type { ServerMetrics } from '../plugins/metrics.ts';
import type { OperationsService } from './operations-service.ts';
import { TwinScale } from './twin-scale.ts';

export interface AgentAck {
  readonly siteId: string;
  readonly seq: number;
  readonly atMs: number;
  readonly ok: boolean;
  readonly message: string;
  readonly reachedMiningMw: number;
}

/**
 * Acks from site agents: recorded once, timed, checked against the setpoint. A scaled twin's agent
 * reports the mining power of its share of the site: it is stored and checked at full scale.
 */
export class AckService {
  constructor(
    private readonly storage: Storage,
    private readonly metrics: ServerMetrics,
    private readonly operations: OperationsService,
    private readonly nowMs: () => number,
    private readonly twin: TwinScale = new TwinScale(undefined),
  ) {}

  async onAck(ack: AgentAck): Promise<boolean> {
    const reachedMiningMw = this.twin.fullScale(ack.reachedMiningMw, ack.siteId);
    const recorded = await this.storage.setpoints.ack(ack.siteId, ack.seq, {
      atMs: ack.atMs,
      ok: ack.ok,
      message: ack.message,
      reachedMiningMw,
    });
    if (!recorded) return false;
    const setpoint = (
      await this.storage.setpoints.list({ siteId: ack.siteId, fromMs: 0, toMs: ack.atMs + 1 })
    ).find((s) => s.seq === ack.seq);
    if (setpoint) {
      this.metrics.ackLatencySeconds.observe(Math.max(0, ack.atMs - setpoint.issuedAtMs) / 1000);
      await this.storage.alerts.resolve('setpoint.not-acked', ack.siteId, this.nowMs());
      const tolerance = Math.max(0.5, setpoint.miningMw * 0.1);
      if (!ack.ok || Math.abs(reachedMiningMw - setpoint.miningMw) > tolerance) {
        await this.storage.alerts.raise({
          atMs: this.nowMs(),
          siteId: ack.siteId,
          severity: 'warning',
          kind: 'setpoint.not-reached',
          message: `site ${ack.siteId} reached ${reachedMiningMw.toFixed(2)} MW of mining against a setpoint of ${setpoint.miningMw.toFixed(2)} MW${this.#twinNote(ack.reachedMiningMw)}${ack.message ? `: ${ack.message}` : ''}`,
        });
      } else {
        await this.storage.alerts.resolve('setpoint.not-reached', ack.siteId, this.nowMs());
      }
    }
    await this.operations.recordAcks(this.nowMs());
    return true;
  }

  /** For a scaled twin: what its agent measured, in its own units. */
  #twinNote(measuredMw: number): string {
    return this.twin.scaled ? ` (twin at ${this.twin.label}: ${measuredMw.toFixed(3)} MW measured)` : '';
  }
}
