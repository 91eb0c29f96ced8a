import {
  type MinerClientOptions,
  overrideRange,
  type ResolvedOptions,
  resolveOptions,
} from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { assertPowerTargetAllowed } from '../control/guards.ts';
import { checkAsleep, checkAwake, checkPowerTarget, verifyByReadBack } from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerError } from '../errors/miner-error.ts';
import { excerptOf, MinerProtocolError } from '../errors/miner-protocol-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asArray, asNumber, asObject, asText, at } from '../reading/json-values.ts';
import { HttpJsonTransport } from '../transport/http-json-transport.ts';
import {
  GQL_BOARDS,
  GQL_LOGIN,
  GQL_POOLS,
  GQL_POWER_TARGET_META,
  GQL_SET_POWER_TARGET,
  GQL_START,
  GQL_STOP,
  GQL_SYSTEM,
  GQL_TUNING,
} from './graphql-queries.ts';
import { parseBraiinsGraphql } from './parse-braiins-graphql.ts';

export interface BraiinsGraphqlOptions extends MinerClientOptions {
  readonly username?: string;
  readonly password?: string;
}

/** A GraphQL answer: its `data` and the messages of its `errors`. */
interface GraphqlAnswer {
  readonly data: unknown;
  readonly errors: readonly string[];
}

/**
 * Braiins OS+ 21.09 to 25.05 through GraphQL (`POST /graphql` on the web port). Reads need no login;
 * mutations log in first (`auth { login }`, session cookie `session_id`). Sleep = `bosminer { stop }`,
 * wake = `bosminer { start }`, power target = `updateAutotuning(input: { powerTarget }, apply: true)`
 * within `metadata.autotuning.powerTarget { min max }`. A stopped bosminer answers the `bos` part
 * only: that reads `off` (or `sleeping` after this client's own stop).
 */
export class BraiinsGraphqlClient implements MinerClient {
  readonly dialect = 'braiins-graphql' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly http: HttpJsonTransport;
  private readonly username: string;
  private readonly password: string;
  private session: string | null = null;
  private stopped = false;

  constructor(options: BraiinsGraphqlOptions) {
    this.options = resolveOptions(options, 80);
    this.endpoint = this.options.where;
    this.http = new HttpJsonTransport(this.options.endpoint, this.options.timeouts);
    this.username = options.username ?? 'root';
    this.password = options.password ?? 'root';
  }

  async read(): Promise<MinerReading> {
    const warnings: string[] = [];
    const system = await this.query(GQL_SYSTEM);
    if (!asObject(at(system.data, 'bos')) && !asObject(at(system.data, 'bosminer'))) {
      throw new MinerProtocolError(
        this.endpoint,
        'POST /graphql system',
        'no bos/bosminer data',
        excerptOf(system.errors.join('; ')),
      );
    }
    const optional = async (document: string, name: string) => {
      const answer = await this.query(document).catch((error: unknown) => {
        if (error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError) {
          warnings.push(`${name} not available: ${error.problem}`);
          return null;
        }
        throw error;
      });
      if (answer && answer.errors.length > 0) warnings.push(`${name}: ${answer.errors.join('; ')}`);
      return answer?.data ?? null;
    };
    const data = {
      system: system.data,
      boards: await optional(GQL_BOARDS, 'boards'),
      tuning: await optional(GQL_TUNING, 'tuning'),
      pools: await optional(GQL_POOLS, 'pools'),
    };
    const draft = parseBraiinsGraphql(data, this.endpoint, this.stopped, warnings);
    const minerDown = at(system.data, 'bosminer', 'info') === null && system.errors.length > 0;
    const hinted = minerDown
      ? { ...draft, stateHint: { sleeping: this.stopped, off: !this.stopped, fault: null } }
      : draft;
    return finishReading(hinted, { specs: this.options.specs, nowMs: this.options.clock.nowMs() });
  }

  async capabilities(): Promise<MinerCapabilities> {
    let min: number | null = null;
    let max: number | null = null;
    try {
      const meta = at(
        (await this.query(GQL_POWER_TARGET_META)).data,
        'bosminer',
        'metadata',
        'autotuning',
        'powerTarget',
      );
      min = asNumber(at(meta, 'min'));
      max = asNumber(at(meta, 'max'));
    } catch (error) {
      if (!(error instanceof MinerError)) throw error;
    }
    const range = overrideRange(
      { min, max, source: min !== null || max !== null ? 'Braiins autotuning metadata' : null },
      this.options.powerRangeW,
    );
    return {
      canSleep: true,
      canSetPowerTarget: true,
      minPowerW: range.min,
      maxPowerW: range.max,
      powerRangeSource: range.source,
      notes: [],
    };
  }

  async sleep(): Promise<ControlResult> {
    const ack = await acknowledgement(() => this.mutate(GQL_STOP));
    this.stopped = true;
    return verifyByReadBack(() => this.read(), checkAsleep, this.options.verify, `bosminer stop: ${ack}`);
  }

  async wake(): Promise<ControlResult> {
    const ack = await acknowledgement(() => this.mutate(GQL_START));
    this.stopped = false;
    return verifyByReadBack(() => this.read(), checkAwake, this.options.verify, `bosminer start: ${ack}`);
  }

  async setPowerTarget(watts: number): Promise<ControlResult> {
    assertPowerTargetAllowed(await this.capabilities(), this.endpoint, watts);
    const limit = Math.round(watts);
    const ack = await acknowledgement(() => this.mutate(GQL_SET_POWER_TARGET, { limit }));
    return verifyByReadBack(
      () => this.read(),
      (reading) => checkPowerTarget(reading, limit),
      this.options.verify,
      `updateAutotuning powerTarget ${limit}: ${ack}`,
    );
  }

  private async mutate(document: string, variables?: Record<string, unknown>): Promise<string> {
    this.session ??= await this.login();
    let answer = await this.query(document, variables);
    if (answer.errors.some((message) => /auth|login|unauthor/i.test(message))) {
      this.session = await this.login();
      answer = await this.query(document, variables);
    }
    if (answer.errors.length > 0) {
      throw new MinerCommandRefusedError(
        this.endpoint,
        'POST /graphql mutation',
        null,
        answer.errors.join('; '),
      );
    }
    return JSON.stringify(answer.data);
  }

  private async login(): Promise<string> {
    const response = await this.http.request('POST', '/graphql', {
      query: GQL_LOGIN,
      variables: { username: this.username, password: this.password },
    });
    const cookies = asArray(response.headers?.['set-cookie']).map(String);
    const session = cookies.flatMap((cookie) => /(?:^|;\s*)session_id=([^;]+)/.exec(cookie)?.[1] ?? []).at(0);
    if (!session) {
      throw new MinerCommandRefusedError(
        this.endpoint,
        'graphql login',
        response.status,
        'no session cookie: user or password refused',
      );
    }
    return session;
  }

  private async query(document: string, variables?: Record<string, unknown>): Promise<GraphqlAnswer> {
    const headers: Record<string, string> = this.session ? { cookie: `session_id=${this.session}` } : {};
    const response = await this.http.request(
      'POST',
      '/graphql',
      variables ? { query: document, variables } : { query: document },
      headers,
    );
    if (response.status < 200 || response.status >= 300) {
      throw new MinerCommandRefusedError(
        this.endpoint,
        'POST /graphql',
        response.status,
        response.text.trim().slice(0, 200) || `HTTP ${response.status}`,
      );
    }
    const body = asObject(response.body);
    if (!body || !('data' in body || 'errors' in body)) {
      throw new MinerProtocolError(
        this.endpoint,
        'POST /graphql',
        'not a GraphQL answer',
        excerptOf(response.text),
      );
    }
    const errors = asArray(body.errors).map(
      (error) => asText(asObject(error)?.message) ?? JSON.stringify(error),
    );
    return { data: body.data ?? null, errors };
  }
}
