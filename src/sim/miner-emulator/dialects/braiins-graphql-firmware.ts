import type { EmulatedMiner } from '../emulated-miner.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';
import type { HttpFirmware, HttpFirmwareReply, HttpFirmwareRequest } from './braiins-firmware.ts';
import { emulatedPools, stableText } from './wire-format.ts';

const VERSION = '2025-06-25-0-45f356ea-25.05.1-plus';

type Gql = { readonly query: string; readonly variables: Record<string, unknown> };

/**
 * Braiins OS+ GraphQL (`POST /graphql`, 21.09 to 25.05) as the asic-rs captures record it: the `data`
 * envelope with the blocks a query names (`bos` system info, `workSolver` with `childSolvers`,
 * `autotuning`, `poolGroups`, autotuning `metadata`). Mutations need the `session_id` cookie from
 * `auth { login }`: `bosminer { stop }` / `{ start }` and `updateAutotuning(input: { powerTarget })`.
 * While bosminer is stopped the `bosminer` block is `null` with an error, the `bos` block still answers.
 */
export class BraiinsGraphqlFirmware implements HttpFirmware {
  private readonly sessions = new Set<string>();

  constructor(
    readonly miner: EmulatedMiner,
    readonly credentials: { readonly username: string; readonly password: string } = {
      username: 'root',
      password: 'root',
    },
  ) {}

  respond(request: HttpFirmwareRequest): HttpFirmwareReply {
    if (request.path !== '/graphql' || request.method !== 'POST')
      return { status: 404, body: { message: 'not found' } };
    const body = request.body as { query?: unknown; variables?: unknown } | null;
    if (!body || typeof body.query !== 'string')
      return { status: 400, body: { errors: [{ message: 'no query' }] } };
    const gql: Gql = { query: body.query, variables: (body.variables ?? {}) as Record<string, unknown> };
    return gql.query.trim().startsWith('mutation') ? this.mutation(gql, request) : this.query(gql.query);
  }

  private mutation(gql: Gql, request: HttpFirmwareRequest): HttpFirmwareReply {
    if (gql.query.includes('login')) {
      const { username, password } = gql.variables;
      if (username !== this.credentials.username || password !== this.credentials.password) {
        return { status: 200, body: { data: null, errors: [{ message: 'invalid username or password' }] } };
      }
      const session = stableText(this.miner.seed + this.sessions.size, 'bos-session', 24);
      this.sessions.add(session);
      return {
        status: 200,
        body: { data: { auth: { login: { void: null } } } },
        headers: { 'set-cookie': `session_id=${session}; Path=/; HttpOnly` },
      };
    }
    const cookie = String(request.headers.cookie ?? '');
    const session = /session_id=([^;]+)/.exec(cookie)?.[1];
    if (!session || !this.sessions.has(session)) {
      return { status: 200, body: { data: null, errors: [{ message: 'unauthorized: log in first' }] } };
    }
    if (/\bstop\b/.test(gql.query)) {
      this.miner.recordControl('bosminer stop');
      this.miner.sleep();
      return { status: 200, body: { data: { bosminer: { stop: { void: null } } } } };
    }
    if (/\bstart\b/.test(gql.query)) {
      this.miner.recordControl('bosminer start');
      this.miner.wake();
      return { status: 200, body: { data: { bosminer: { start: { void: null } } } } };
    }
    if (gql.query.includes('updateAutotuning')) {
      const limit = Number(gql.variables.limit);
      const outcome = this.miner.setPowerTarget(limit);
      if (!outcome.accepted)
        return { status: 200, body: { data: null, errors: [{ message: outcome.reason }] } };
      this.miner.recordControl(`updateAutotuning powerTarget ${limit}`);
      return {
        status: 200,
        body: {
          data: {
            bosminer: { config: { updateAutotuning: { autotuning: { powerTarget: limit, enabled: true } } } },
          },
        },
      };
    }
    return { status: 200, body: { data: null, errors: [{ message: 'unknown mutation' }] } };
  }

  private query(query: string): HttpFirmwareReply {
    const s = this.miner.snapshot();
    const stopped = s.curtailed && s.phase === 'sleeping';
    const data: Record<string, unknown> = {};
    if (/\bbos\s*\{/.test(query)) {
      data.bos = {
        hostname: 'Antminer',
        faultLight: false,
        info: { version: { full: VERSION } },
        uptime: { durationS: Math.floor(s.uptimeS) + 600 },
      };
    }
    if (/\bbosminer\s*\{/.test(query)) {
      if (stopped) {
        return {
          status: 200,
          body: { data: { ...data, bosminer: null }, errors: [{ message: 'bosminer is not running' }] },
        };
      }
      data.bosminer = this.bosminer(query, s);
    }
    return { status: 200, body: { data } };
  }

  private bosminer(query: string, s: MinerSnapshot): Record<string, unknown> {
    const mhs = (ths: number) => ths * 1e6;
    const info: Record<string, unknown> = {};
    if (query.includes('childSolvers')) {
      info.workSolver = {
        childSolvers: s.boards.map((b, i) => ({
          name: String(i + 1),
          realHashrate: { mhs5S: mhs(b.hashrateThs) },
          nominalMhs: mhs(b.nominalHashrateThs),
          hwDetails: { chips: b.chips, frequencyMhz: 600, voltageV: 13.4 },
          temperatures: [
            { name: 'MAX_BOARD', degreesC: b.boardTempC },
            { name: 'MAX_CHIP', degreesC: b.chipTempC },
          ],
        })),
      };
    } else if (query.includes('workSolver')) {
      info.workSolver = {
        realHashrate: { mhs5S: mhs(s.hashrateThs) },
        nominalMhs: mhs(s.nominalHashrateThs),
      };
    }
    if (query.includes('fans'))
      info.fans = s.fansRpm.map((rpm, i) => ({ name: String(i), rpm, speed: Math.round(s.fanDuty * 100) }));
    if (query.includes('summary')) {
      info.summary = {
        power: { limitW: Math.round(s.powerTargetW), approxConsumptionW: Math.round(s.powerW) },
      };
    }
    if (query.includes('poolGroups')) {
      info.poolGroups = [
        {
          name: 'default',
          pools: emulatedPools(this.miner.seed, s).map((pool) => ({
            url: pool.url,
            user: pool.user,
            status: 'ALIVE',
            active: pool.active,
            shares: { acceptedSolutions: pool.accepted, rejectedSolutions: pool.rejected },
          })),
        },
      ];
    }
    const out: Record<string, unknown> = { info };
    if (query.includes('autotuning') && !query.includes('metadata')) {
      out.config = {
        autotuning: { mode: 'POWER_TARGET', powerTarget: Math.round(s.powerTargetW), hashrateTarget: null },
      };
    }
    if (query.includes('metadata')) {
      out.metadata = {
        autotuning: {
          powerTarget: { default: s.nameplatePowerW, min: s.powerRangeW.minW, max: s.powerRangeW.maxW },
        },
      };
    }
    return out;
  }
}
