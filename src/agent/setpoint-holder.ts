import { decodeMessage, type SetpointMessage } from '../adapters/broker/index.ts';
import type { AgentLog } from './agent-log.ts';

/**
 * Takes setpoint messages off the site's setpoints topic and keeps the newest valid one. A
 * message is taken when it decodes (schema, own site) and is newer than the one held: a higher
 * seq, or, after a control-plane database reset that restarted the numbering, a lower seq issued
 * later. An empty payload (a cleared retained message), a repeat or an older setpoint is ignored.
 */
export class SetpointHolder {
  readonly #siteId: string;
  readonly #log: AgentLog;
  #held: SetpointMessage | undefined;

  constructor(siteId: string, log: AgentLog) {
    this.#siteId = siteId;
    this.#log = log;
  }

  /** The newest valid setpoint received, expired or not. */
  get held(): SetpointMessage | undefined {
    return this.#held;
  }

  /** Returns the setpoint when it replaced the one held, else undefined. */
  offer(payload: Uint8Array): SetpointMessage | undefined {
    if (payload.byteLength === 0) return undefined;
    const decoded = decodeMessage('setpoints', this.#siteId, payload);
    if (!decoded.ok) {
      this.#log.warn(
        { siteId: this.#siteId, rejection: decoded.rejection, reason: decoded.reason },
        'setpoint message rejected (SY_ERR_MESSAGE_INVALID)',
      );
      return undefined;
    }
    const setpoint = decoded.value;
    const held = this.#held;
    if (held !== undefined && setpoint.seq <= held.seq) {
      if (setpoint.seq === held.seq || setpoint.issuedAtMs <= held.issuedAtMs) return undefined;
      this.#log.warn(
        { heldSeq: held.seq, seq: setpoint.seq },
        'setpoint numbering restarted (a newer setpoint with a lower seq); taking it',
      );
    }
    this.#held = setpoint;
    return setpoint;
  }
}
