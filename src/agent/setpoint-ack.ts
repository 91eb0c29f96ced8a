import type { AckMessage, SetpointMessage } from '../adapters/broker/index.ts';
import type { WavesResult } from './command-waves.ts';
import type { Decision } from './decide.ts';
import type { MinerCommand } from './dispatch.ts';
import type { FallbackRule } from './fallback-rule.ts';
import { measuredMiningW, type SiteSnapshot } from './site-snapshot.ts';

/** The longest ack message, characters. */
const MAX_MESSAGE_CHARS = 4_000;
/** Failed commands named one by one in the message; the rest are counted. */
const FAILED_LISTED = 5;

export interface SetpointAckInput {
  readonly siteId: string;
  /** The setpoint acked. */
  readonly setpoint: SetpointMessage;
  /** What the cycle decided on it. */
  readonly decision: Decision;
  /** What the cycle's command waves did. */
  readonly waves: WavesResult;
  /** The site as read after the commands (the cycle's snapshot when none was sent). */
  readonly measured: SiteSnapshot;
  /** The setpoint held now: a newer one than `setpoint` has superseded it. */
  readonly held: SetpointMessage | undefined;
  /** The fallback rule the agent runs when the setpoint expired. */
  readonly fallbackRule: FallbackRule;
  readonly atMs: number;
  /** Sleeps the emergency path re-sent (miners that did not take the first). */
  readonly retried?: number;
  /** Notes to add (miners down at the curtailment, the site meter). */
  readonly notes?: readonly string[];
  /** The closed loop's view of the site meter, when the site has one. */
  readonly meter?: AckMessage['meter'];
}

/** Commands not taken listed one by one in the ack's per-miner part. */
const NOT_APPLIED_LISTED = 100;
const DETAIL_CHARS = 300;

/**
 * The ack of one setpoint (pure): `ok` only when it was live, its waves ran to the end and every
 * command took effect, else the reasons; `reachedMiningMw` is the mining power measured after.
 */
export function setpointAck(input: SetpointAckInput): AckMessage {
  const { setpoint, decision, waves } = input;
  const seq = setpoint.seq;
  const reachedMiningMw = Math.max(0, measuredMiningW(input.measured) / 1e6);
  const failed = waves.outcomes.filter((outcome) => !outcome.applied);
  const expired = decision.mode === 'fallback';
  const newer = input.held;
  const parts: string[] = [];
  if (expired) {
    parts.push(
      `setpoint ${seq} expired at ${new Date(setpoint.expiresAtMs).toISOString()} before it could be applied; ` +
        `fallback rule ${input.fallbackRule} applies`,
    );
  }
  if (waves.interrupted) {
    parts.push(
      `superseded${newer !== undefined && newer.seq !== seq ? ` by setpoint ${newer.seq}` : ''} after ` +
        `${waves.wavesRun} of ${waves.wavesPlanned} command waves`,
    );
  }
  if (failed.length > 0) {
    const listed = failed
      .slice(0, FAILED_LISTED)
      .map((outcome) => `${describeCommand(outcome.command)}: ${outcome.detail}`)
      .join('; ');
    parts.push(
      `${failed.length} of ${waves.outcomes.length} commands did not take effect: ${listed}` +
        (failed.length > FAILED_LISTED ? `; and ${failed.length - FAILED_LISTED} more` : ''),
    );
  }
  const ok = !expired && !waves.interrupted && failed.length === 0;
  if (ok) {
    parts.push(`${waves.outcomes.length} commands applied in ${waves.wavesRun} waves (${decision.mode})`);
  }
  parts.push(...decision.notes, ...(input.notes ?? []));
  return {
    siteId: input.siteId,
    seq,
    atMs: input.atMs,
    ok,
    message: parts.join('; ').slice(0, MAX_MESSAGE_CHARS),
    reachedMiningMw,
    miners: {
      commanded: waves.outcomes.length,
      applied: waves.outcomes.length - failed.length,
      retried: input.retried ?? 0,
      notApplied: failed.slice(0, NOT_APPLIED_LISTED).map((outcome) => ({
        minerId: outcome.command.minerId,
        action: outcome.command.action,
        detail: outcome.detail.slice(0, DETAIL_CHARS),
      })),
    },
    ...(input.meter === undefined ? {} : { meter: input.meter }),
  };
}

function describeCommand(command: MinerCommand): string {
  return command.action === 'set-power-target'
    ? `${command.minerId} set-power-target ${command.watts} W`
    : `${command.minerId} ${command.action}`;
}
