import { braiinsPowerCapabilities } from '../braiins/braiins-power-capabilities.ts';
import { parseBraiins } from '../braiins/parse-braiins.ts';
import { type MinerClientOptions, type ResolvedOptions, resolveOptions } from '../client-options.ts';
import { acknowledgement } from '../control/acknowledgement.ts';
import { assertPowerTargetAllowed } from '../control/guards.ts';
import {
  type CheckOutcome,
  checkAsleep,
  checkAwake,
  checkPowerTarget,
  verifyByReadBack,
} from '../control/verify.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { UnsupportedCommandError } from '../errors/unsupported-command-error.ts';
import type { ControlResult, MinerCapabilities, MinerClient } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';
import { finishReading } from '../reading/finish-reading.ts';
import { asNumber, asText, at } from '../reading/json-values.ts';
import { BOS_METHODS, type BosMethodName, MINER_STATUS, SAVE_AND_APPLY } from './bos-v1-schema.ts';
import { GRPC_STATUS } from './grpc-frame.ts';
import { GrpcTransport } from './grpc-transport.ts';

export interface BraiinsGrpcOptions extends MinerClientOptions {
  readonly username?: string;
  readonly password?: string;
}

/** Braiins OS's public gRPC API listens here (23.03 and later). */
export const BRAIINS_GRPC_PORT = 50051;

/**
 * Braiins OS through its public gRPC API (`braiins.bos.v1`, plaintext HTTP/2 on 50051), built to the
 * published protos of braiins/bos-plus-api. Logs in with `AuthenticationService/Login` and sends the
 * token as `authorization` metadata (again after an UNAUTHENTICATED status). A reading is
 * `GetMinerDetails` + `GetMinerStats` (+ hashboards, cooling, pools, tuner state and errors when they
 * answer); sleep = `ActionsService/PauseMining`, wake = `ResumeMining` (`Start` when bosminer is not
 * running); power target = `PerformanceService/SetPowerTarget` (save and apply) within
 * `ConfigurationService/GetConstraints`; hashrate target = `SetHashrateTarget`. Every control reads back.
 */
export class BraiinsGrpcClient implements MinerClient {
  readonly dialect = 'braiins-grpc' as const;
  readonly endpoint: string;
  private readonly options: ResolvedOptions;
  private readonly grpc: GrpcTransport;
  private readonly username: string;
  private readonly password: string;
  private token: string | null = null;

  constructor(options: BraiinsGrpcOptions) {
    this.options = resolveOptions(options, BRAIINS_GRPC_PORT);
    this.endpoint = this.options.where;
    this.grpc = new GrpcTransport(this.options.endpoint, this.options.timeouts);
    this.username = options.username ?? 'root';
    this.password = options.password ?? 'root';
  }

  /** One authenticated unary call; logs in first, and again once on UNAUTHENTICATED. */
  async call(name: BosMethodName, request: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const method = BOS_METHODS[name];
    this.token ??= await this.login();
    try {
      return await this.grpc.call(method, request, { authorization: this.token });
    } catch (error) {
      if (!(error instanceof MinerCommandRefusedError) || error.minerCode !== GRPC_STATUS.UNAUTHENTICATED) {
        throw error;
      }
      this.token = await this.login();
      return this.grpc.call(method, request, { authorization: this.token });
    }
  }

  async read(): Promise<MinerReading> {
    const warnings: string[] = [];
    const optional = async (name: BosMethodName) => {
      try {
        return await this.call(name);
      } catch (error) {
        if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
        warnings.push(`${BOS_METHODS[name].path} not available: ${error.problem}`);
        return null;
      }
    };
    const details = await this.call('details');
    const stats = await this.call('stats');
    const pools = await optional('pools');
    const replies = {
      details,
      stats,
      hashboards: await optional('hashboards'),
      cooling: await optional('cooling'),
      // An empty repeated field is absent on the wire: a reply without groups lists none.
      pools: pools ? (pools.pool_groups ?? []) : null,
      tunerState: await optional('tunerState'),
      configuration: null,
      errors: await optional('errors'),
      warnings,
    };
    const draft = parseBraiins(replies, this.endpoint, 'braiins-grpc');
    return finishReading(draft, { specs: this.options.specs, nowMs: this.options.clock.nowMs() });
  }

  capabilities(): Promise<MinerCapabilities> {
    return braiinsPowerCapabilities(() => this.call('constraints'), this.options.powerRangeW);
  }

  async sleep(): Promise<ControlResult> {
    const reply = await this.call('pause');
    const ack = reply.already_paused === true ? 'PauseMining: was already paused' : 'PauseMining: OK';
    return verifyByReadBack(() => this.read(), checkAsleep, this.options.verify, ack);
  }

  async wake(): Promise<ControlResult> {
    const status = asNumber(at(await this.call('details'), 'status'));
    let ack: string;
    if (status === MINER_STATUS.NOT_STARTED) {
      const reply = await this.call('start');
      ack = reply.already_running === true ? 'Start: was already running' : 'Start: OK';
    } else {
      const reply = await this.call('resume');
      ack = reply.already_mining === true ? 'ResumeMining: was already mining' : 'ResumeMining: OK';
    }
    return verifyByReadBack(() => this.read(), checkAwake, this.options.verify, ack);
  }

  async setPowerTarget(watts: number): Promise<ControlResult> {
    assertPowerTargetAllowed(await this.capabilities(), this.endpoint, watts);
    const target = Math.round(watts);
    const ack = await acknowledgement(async () => {
      const reply = await this.call('setPowerTarget', {
        save_action: SAVE_AND_APPLY,
        power_target: { watt: target },
      });
      return `SetPowerTarget ${target} W: miner answered ${asNumber(at(reply, 'power_target', 'watt')) ?? '?'} W`;
    });
    return verifyByReadBack(
      () => this.read(),
      (reading) => checkPowerTarget(reading, target),
      this.options.verify,
      ack,
    );
  }

  /**
   * Hashrate-target tuning (TH/s), within the tuner's hashrate constraints; confirmed when
   * `GetTunerState` reports the target in hashrate-target mode.
   */
  async setHashrateTarget(ths: number): Promise<ControlResult> {
    const constraints = await this.call('constraints');
    const min = asNumber(
      at(constraints, 'tuner_constraints', 'hashrate_target', 'min', 'terahash_per_second'),
    );
    const max = asNumber(
      at(constraints, 'tuner_constraints', 'hashrate_target', 'max', 'terahash_per_second'),
    );
    if (!Number.isFinite(ths) || ths <= 0 || (min !== null && ths < min) || (max !== null && ths > max)) {
      throw new UnsupportedCommandError(
        this.endpoint,
        `set a hashrate target of ${ths} TH/s`,
        `outside the tuner's ${min ?? '?'}-${max ?? '?'} TH/s`,
      );
    }
    const reply = await this.call('setHashrateTarget', {
      save_action: SAVE_AND_APPLY,
      hashrate_target: { terahash_per_second: ths },
    });
    const echoed = asNumber(at(reply, 'hashrate_target', 'terahash_per_second'));
    let tuned: number | null = null;
    const check = (reading: MinerReading): CheckOutcome => ({
      ok: tuned !== null && Math.abs(tuned - ths) < 1e-6,
      detail: `hashrate target reads ${tuned ?? 'nothing'} TH/s (wanted ${ths}), hashing ${reading.hashrate5sThs ?? '?'} TH/s`,
    });
    return verifyByReadBack(
      async () => {
        const state = await this.call('tunerState');
        tuned = asNumber(at(state, 'hashrate_target_mode_state', 'current_target', 'terahash_per_second'));
        return this.read();
      },
      check,
      this.options.verify,
      `SetHashrateTarget ${ths} TH/s: miner answered ${echoed ?? '?'} TH/s`,
    );
  }

  private async login(): Promise<string> {
    const reply = await this.grpc.call(BOS_METHODS.login, {
      username: this.username,
      password: this.password,
    });
    const token = asText(reply.token);
    if (!token) {
      throw new MinerCommandRefusedError(this.endpoint, 'Login', null, 'no token in the login reply');
    }
    return token;
  }
}
