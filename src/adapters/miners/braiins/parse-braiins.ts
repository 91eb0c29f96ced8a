import type { BoardReading, MinerErrorEntry, PoolReading, PoolStatus } from '../miner-reading.ts';
import type { ReadingDraft, StateHint } from '../reading/finish-reading.ts';
import {
  asArray,
  asBoolean,
  asNumber,
  asTemperature,
  asText,
  at,
  objectsOf,
  round,
  toThs,
} from '../reading/json-values.ts';

/** Bodies of the Braiins OS REST endpoints one read uses (`null` when unavailable). */
export interface BraiinsReplies {
  readonly details: unknown;
  readonly stats: unknown;
  readonly hashboards: unknown;
  readonly cooling: unknown;
  readonly pools: unknown;
  readonly tunerState: unknown;
  readonly configuration: unknown;
  readonly errors: unknown;
  readonly warnings: readonly string[];
}

const ghs = (value: unknown, ...path: string[]) =>
  toThs.fromGhs(asNumber(at(value, ...path, 'gigahash_per_second')));

/** `miner/details` status: 1 not started, 2 normal, 3 paused, 4 suspended, 5 restricted. */
export function braiinsStateHint(status: number | null): StateHint {
  switch (status) {
    case 1:
      return { sleeping: null, off: true, fault: null };
    case 3:
    case 4:
      return { sleeping: true, off: null, fault: null };
    case 5:
      return { sleeping: null, off: null, fault: 'Braiins OS reports mining as restricted' };
    default:
      return { sleeping: null, off: null, fault: null };
  }
}

function parseBoards(hashboards: unknown): BoardReading[] | null {
  const boards = at(hashboards, 'hashboards');
  if (!Array.isArray(boards)) return null;
  return objectsOf(boards).map((board, index) => ({
    index,
    hashrate5sThs: ghs(board, 'stats', 'real_hashrate', 'last_5s'),
    hashrateAvgThs: ghs(board, 'stats', 'real_hashrate', 'since_restart'),
    boardTempC: asTemperature(at(board, 'board_temp', 'degree_c')),
    chipTempC: asTemperature(at(board, 'highest_chip_temp', 'temperature', 'degree_c')),
    // REST gives a number, gRPC a `google.protobuf.UInt32Value`.
    chips: asNumber(board.chips_count) ?? asNumber(at(board, 'chips_count', 'value')),
  }));
}

function poolStatusOf(pool: Record<string, unknown>): PoolStatus {
  if (asBoolean(pool.enabled) === false) return 'disabled';
  const alive = asBoolean(pool.alive);
  if (alive === false) return 'dead';
  if (asBoolean(pool.active) === true) return 'active';
  return alive === true ? 'alive' : 'unknown';
}

function parsePools(groups: unknown): PoolReading[] | null {
  if (!Array.isArray(groups)) return null;
  const pools = objectsOf(groups).flatMap((group) => objectsOf(group.pools));
  return pools.map((pool, index) => ({
    index,
    url: asText(pool.url),
    user: asText(pool.user),
    status: poolStatusOf(pool),
    accepted: asNumber(at(pool, 'stats', 'accepted_shares')),
    rejected: asNumber(at(pool, 'stats', 'rejected_shares')),
  }));
}

function parseErrors(errors: unknown): MinerErrorEntry[] {
  return objectsOf(at(errors, 'errors')).map((error) => ({
    code: asText(at(error, 'error_codes', 0, 'code')),
    message: asText(error.message) ?? 'error',
    timestamp: asText(error.timestamp),
  }));
}

/**
 * A reading from Braiins OS's public API replies: REST (`/api/v1`, JSON) and gRPC (`braiins.bos.v1`,
 * protobuf decoded with the proto's field names) carry the same messages.
 */
export function parseBraiins(
  replies: BraiinsReplies,
  endpoint: string,
  dialect: 'braiins-os' | 'braiins-grpc' = 'braiins-os',
): ReadingDraft {
  const { details, stats } = replies;
  const power = asNumber(at(stats, 'power_stats', 'approximated_consumption', 'watt'));
  const fans = at(replies.cooling, 'fans');
  return {
    dialect,
    endpoint,
    model:
      asText(at(details, 'miner_identity', 'miner_model')) ?? asText(at(details, 'miner_identity', 'name')),
    firmware: asText(at(details, 'bos_version', 'current')),
    hashrate5sThs: ghs(stats, 'miner_stats', 'real_hashrate', 'last_5s'),
    hashrateAvgThs: ghs(stats, 'miner_stats', 'real_hashrate', 'since_restart'),
    nominalHashrateThs: ghs(stats, 'miner_stats', 'nominal_hashrate'),
    powerW: power,
    // Braiins "approximated consumption" comes from its tuner model, not a power meter.
    powerSource: power === null ? null : 'firmware-estimate',
    powerTargetW:
      asNumber(at(replies.configuration, 'tuner', 'power_target', 'watt')) ??
      asNumber(at(replies.tunerState, 'mode_state', 'powertargetmodestate', 'current_target', 'watt')) ??
      asNumber(at(replies.tunerState, 'power_target_mode_state', 'current_target', 'watt')),
    reportedEfficiencyJPerTh: round(
      asNumber(at(stats, 'power_stats', 'efficiency', 'joule_per_terahash')),
      2,
    ),
    boards: parseBoards(replies.hashboards),
    fansRpm: Array.isArray(fans) ? asArray(fans).flatMap((fan) => asNumber(at(fan, 'rpm')) ?? []) : null,
    pools: parsePools(replies.pools),
    uptimeS: asNumber(at(details, 'bosminer_uptime_s')),
    stateHint: braiinsStateHint(asNumber(at(details, 'status'))),
    errors: parseErrors(replies.errors),
    warnings: replies.warnings,
  };
}
