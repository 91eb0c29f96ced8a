import {
  BOS_METHODS,
  type BosMethod,
  MINER_STATUS,
} from '../../../adapters/miners/braiins-grpc/bos-v1-schema.ts';
import {
  decodeMessage,
  encodeMessage,
  ProtobufError,
} from '../../../adapters/miners/braiins-grpc/protobuf-wire.ts';
import type { EmulatedMiner } from '../emulated-miner.ts';
import type { GrpcCall, GrpcFirmware, GrpcReply } from '../wire/grpc-server.ts';
import { type BraiinsCredentials, BraiinsFirmware, DEFAULT_BRAIINS_CREDENTIALS } from './braiins-firmware.ts';

const STATUS = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, UNIMPLEMENTED: 12, UNAUTHENTICATED: 16 } as const;
const TOKEN_TIMEOUT_S = 3600;

type Body = Record<string, unknown>;

/** A call the firmware refuses with a gRPC status. */
class Refusal {
  constructor(
    readonly status: number,
    readonly error: string,
  ) {}
}

/**
 * Braiins OS's public gRPC API (`braiins.bos.v1` on 50051) as the bos-plus-api protos define it:
 * `ApiVersionService/GetApiVersion` without login, `AuthenticationService/Login` for a token that every
 * other call must carry in `authorization` (else UNAUTHENTICATED). The messages are the REST API's
 * (same fields and numbers, protobuf-encoded): readings come from the REST emulation's renderings;
 * `PauseMining`/`ResumeMining`/`Start`/`Stop`, `SetPowerTarget` and `SetHashrateTarget` (turned into
 * the power that gives that hashrate on the miner's curve) act on the miner.
 */
export class BraiinsGrpcFirmware implements GrpcFirmware {
  private readonly rest: BraiinsFirmware;
  private readonly tokens = new Map<string, number>();
  private stopped = false;
  private hashrateTargetThs: number | null = null;

  constructor(
    readonly miner: EmulatedMiner,
    readonly credentials: BraiinsCredentials = DEFAULT_BRAIINS_CREDENTIALS,
  ) {
    this.rest = new BraiinsFirmware(miner, credentials);
  }

  respond(call: GrpcCall): GrpcReply {
    const entry = Object.entries(BOS_METHODS).find(([, method]) => method.path === call.path);
    if (!entry) return { status: STATUS.UNIMPLEMENTED, error: `unknown method ${call.path}` };
    const [name, method] = entry as [keyof typeof BOS_METHODS, BosMethod];
    let request: Body;
    try {
      request = decodeMessage(method.request, call.message);
    } catch (error) {
      if (!(error instanceof ProtobufError)) throw error;
      return new Refusal(STATUS.INVALID_ARGUMENT, error.message);
    }
    if (name === 'apiVersion') return this.ok(method, { major: 1, minor: 11, patch: 0 });
    if (name === 'login') return this.login(method, request);
    if (!this.authorized(call.metadata.authorization)) {
      return new Refusal(STATUS.UNAUTHENTICATED, 'missing or expired authorization token');
    }
    const body = this.handle(name, request);
    return body instanceof Refusal ? { status: body.status, error: body.error } : this.ok(method, body);
  }

  private handle(name: keyof typeof BOS_METHODS, request: Body): Body | Refusal {
    const miner = this.miner;
    switch (name) {
      case 'details': {
        const details = this.get('miner/details');
        const status = this.stopped
          ? MINER_STATUS.NOT_STARTED
          : miner.curtailed
            ? MINER_STATUS.PAUSED
            : MINER_STATUS.NORMAL;
        return { ...details, status };
      }
      case 'stats':
        return this.get('miner/stats');
      case 'hashboards': {
        const boards = (this.get('miner/hw/hashboards').hashboards as Body[]) ?? [];
        return {
          hashboards: boards.map((board) => ({ ...board, chips_count: { value: board.chips_count } })),
        };
      }
      case 'cooling':
        return this.get('cooling/state');
      case 'pools':
        return { pool_groups: this.rest.respond(this.getRequest('pools')).body };
      case 'errors':
        return this.get('miner/errors');
      case 'constraints': {
        const constraints = this.get('configuration/constraints');
        const { spec, powerRangeW } = miner.config;
        const thsAt = (watts: number) =>
          spec.hashrateThs * (watts / spec.powerW) ** (1 - spec.efficiencyExponent);
        const tuner = constraints.tuner_constraints as Body;
        return {
          tuner_constraints: {
            ...tuner,
            hashrate_target: {
              min: { terahash_per_second: thsAt(powerRangeW.minW) },
              max: { terahash_per_second: thsAt(powerRangeW.maxW) },
              default: { terahash_per_second: spec.hashrateThs },
            },
          },
        };
      }
      case 'tunerState': {
        if (this.hashrateTargetThs !== null) {
          return {
            overall_tuner_state: 2,
            hashrate_target_mode_state: { current_target: { terahash_per_second: this.hashrateTargetThs } },
          };
        }
        return {
          overall_tuner_state: 2,
          power_target_mode_state: { current_target: { watt: Math.round(miner.powerTargetW) } },
        };
      }
      case 'pause': {
        miner.recordControl('PauseMining');
        const already = miner.curtailed;
        miner.sleep();
        return { already_paused: already };
      }
      case 'resume': {
        miner.recordControl('ResumeMining');
        if (this.stopped) return new Refusal(9, 'bosminer is not running: Start it first');
        const already = !miner.curtailed;
        miner.wake();
        return { already_mining: already };
      }
      case 'stop': {
        miner.recordControl('Stop');
        const already = this.stopped;
        this.stopped = true;
        miner.sleep();
        return { already_stopped: already };
      }
      case 'start': {
        miner.recordControl('Start');
        const already = !this.stopped;
        this.stopped = false;
        miner.wake({ restartProcess: true });
        return { already_running: already };
      }
      case 'setPowerTarget': {
        const watt = Number((request.power_target as Body | undefined)?.watt);
        miner.recordControl(`SetPowerTarget ${watt}`);
        const outcome = miner.setPowerTarget(watt);
        if (!outcome.accepted) return new Refusal(STATUS.INVALID_ARGUMENT, outcome.reason);
        this.hashrateTargetThs = null;
        return { power_target: { watt } };
      }
      case 'setHashrateTarget': {
        const ths = Number((request.hashrate_target as Body | undefined)?.terahash_per_second);
        miner.recordControl(`SetHashrateTarget ${ths}`);
        const { spec } = miner.config;
        const watts = Math.round(
          spec.powerW * (ths / spec.hashrateThs) ** (1 / (1 - spec.efficiencyExponent)),
        );
        const outcome = miner.setPowerTarget(watts);
        if (!outcome.accepted) {
          return new Refusal(STATUS.INVALID_ARGUMENT, `hashrate target ${ths} TH/s: ${outcome.reason}`);
        }
        this.hashrateTargetThs = ths;
        return { hashrate_target: { terahash_per_second: ths } };
      }
      default:
        return new Refusal(STATUS.UNIMPLEMENTED, `${name} not served`);
    }
  }

  private getRequest(route: string) {
    return { method: 'GET', path: `/api/v1/${route}`, headers: {}, body: undefined };
  }

  private get(route: string): Body {
    return (this.rest.respond(this.getRequest(route)).body ?? {}) as Body;
  }

  private ok(method: BosMethod, body: Body): GrpcReply {
    return { status: 0, message: encodeMessage(method.response, body) };
  }

  private login(method: BosMethod, request: Body): GrpcReply {
    this.miner.recordControl('Login');
    if (request.username !== this.credentials.username || request.password !== this.credentials.password) {
      return new Refusal(STATUS.UNAUTHENTICATED, 'invalid username or password');
    }
    const token = this.miner.randomText(16);
    this.tokens.set(token, this.miner.config.now() + TOKEN_TIMEOUT_S * 1000);
    return this.ok(method, { token, timeout_s: TOKEN_TIMEOUT_S });
  }

  private authorized(header: string | string[] | undefined): boolean {
    const token = Array.isArray(header) ? header[0] : header;
    const expiresAt = token === undefined ? undefined : this.tokens.get(token);
    return expiresAt !== undefined && expiresAt > this.miner.config.now();
  }
}
