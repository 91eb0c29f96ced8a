import type { MinerSnapshot } from '../miner-snapshot.ts';
import type { EmulatedPool, JsonObject } from './wire-format.ts';

/** One request of the cgminer-style JSON API: `{"command":"summary","parameter":"..."}`. */
export interface CgminerRequest {
  readonly command: string;
  readonly parameter: string | null;
  /** The whole request object (btminer's `{"enc":1,"data":...}` has no `command`). */
  readonly raw: JsonObject;
}

/** A firmware that answers the cgminer-style API (TCP 4028): one JSON object per request. */
export interface CgminerFirmware {
  /**
   * Reply body to one (non-combined) command. `snapshot` is the miner's state for the whole request:
   * every part of a combined `a+b` request is answered from the same instant, as on real firmware.
   */
  respond(request: CgminerRequest, snapshot: MinerSnapshot): JsonObject;
  /** Reply to bytes that are not a JSON request. */
  invalidJson(): JsonObject;
}

export type CgStatus = 'S' | 'I' | 'W' | 'E' | 'F';

/** `{"STATUS":[{"STATUS":"S","When":..,"Code":..,"Msg":..,"Description":..}], ...body, "id":1}`. */
export function cgReply(
  whenS: number,
  description: string,
  code: number,
  msg: string,
  body: JsonObject = {},
  status: CgStatus = 'S',
): JsonObject {
  return {
    STATUS: [{ STATUS: status, When: whenS, Code: code, Msg: msg, Description: description }],
    ...body,
    id: 1,
  };
}

/** The replies to one request, bound to its time and the firmware's description. */
export interface CgReplies {
  /** A reply with its status (`S` unless told) and body. */
  reply(code: number, msg: string, body?: JsonObject, status?: CgStatus): JsonObject;
  /** An error status (`E`) with no body. */
  refuse(code: number, msg: string): JsonObject;
  /** cgminer's answer to a command it does not know. */
  unknownCommand(): JsonObject;
}

/** cgReply and friends for one request answered at `whenS` by a firmware calling itself `description`. */
export function cgReplies(whenS: number, description: string): CgReplies {
  return {
    reply: (code, msg, body = {}, status = 'S') => cgReply(whenS, description, code, msg, body, status),
    refuse: (code, msg) => cgReply(whenS, description, code, msg, {}, 'E'),
    unknownCommand: () => invalidCommand(whenS, description),
  };
}

/** cgminer's answer to a command it does not know. */
export function invalidCommand(whenS: number, description: string): JsonObject {
  return cgReply(whenS, description, 14, 'Invalid command', {}, 'E');
}

/** cgminer's answer to a request that is not JSON. */
export function invalidJson(whenS: number, description: string): JsonObject {
  return cgReply(whenS, description, 23, 'Invalid JSON', {}, 'E');
}

/** The POOLS list of cgminer / bmminer / LuxOS / Avalon. */
export function cgminerPools(pools: readonly EmulatedPool[], full: boolean): JsonObject[] {
  return pools.map((pool, index) => {
    const base: JsonObject = {
      POOL: index,
      URL: pool.url,
      Status: 'Alive',
      Priority: index,
      Quota: 1,
      'Long Poll': 'N',
      Getworks: pool.active ? Math.floor(pool.accepted / 2) + 3 : 3,
      Accepted: pool.accepted,
      Rejected: pool.rejected,
      Works: 0,
      Discarded: 0,
      Stale: 0,
      'Get Failures': 0,
      'Remote Failures': 0,
      User: pool.user,
      'Last Share Time': pool.active ? '0:00:02' : '0',
      'Diff1 Shares': 0,
      'Proxy Type': '',
      Proxy: '',
      'Difficulty Accepted': pool.accepted * 65536,
      'Difficulty Rejected': pool.rejected * 65536,
      'Difficulty Stale': 0,
      'Last Share Difficulty': pool.active ? 65536 : 0,
      'Has Stratum': true,
      'Stratum Active': pool.active,
      'Stratum URL': pool.active ? pool.url.replace(/^stratum\+tcp:\/\//, '').replace(/:\d+$/, '') : '',
      'Has GBT': false,
      'Best Share': pool.active ? 1_048_576 : 0,
      'Pool Rejected%': pool.accepted > 0 ? Math.round((pool.rejected / pool.accepted) * 1e6) / 1e4 : 0,
      'Pool Stale%%': 0,
    };
    if (full) base['Stratum Difficulty'] = pool.active ? 65536 : 0;
    return base;
  });
}
