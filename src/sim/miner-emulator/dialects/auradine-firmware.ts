import type { EmulatedMiner } from '../emulated-miner.ts';
import type { MinerSnapshot } from '../miner-snapshot.ts';
import type { HttpFirmware, HttpFirmwareReply, HttpFirmwareRequest } from './braiins-firmware.ts';
import {
  type CgminerFirmware,
  type CgminerRequest,
  cgminerPools,
  cgReplies,
  invalidJson,
} from './cgminer-reply.ts';
import { emulatedPools, epochS, type JsonObject, round, stableText } from './wire-format.ts';

const DESCRIPTION = 'GCMiner 1.0.9';

/**
 * Auradine's cgminer-style API (TCP 4028), to its published format (asic-rs `auradine/v1`; no
 * recording exists): `version` (`GCMiner`), `summary` / `devs` in MH/s, `pools`. Read-only; the web API
 * (`AuradineWebFirmware`, port 8080 on the real machine) holds the controls.
 */
export class AuradineFirmware implements CgminerFirmware {
  constructor(readonly miner: EmulatedMiner) {}

  invalidJson(): JsonObject {
    return invalidJson(epochS(this.miner.config.now()), DESCRIPTION);
  }

  respond(request: CgminerRequest, snapshot: MinerSnapshot): JsonObject {
    const { reply, unknownCommand } = cgReplies(epochS(snapshot.nowMs), DESCRIPTION);
    const mhs = (ths: number) => round(ths * 1e6);
    switch (request.command) {
      case 'version':
        return reply(22, 'GCMiner versions', { VERSION: [{ GCMiner: '1.0.9', API: '3.7' }] });
      case 'summary':
        return reply(11, 'Summary', {
          SUMMARY: [
            {
              Elapsed: Math.floor(snapshot.uptimeS),
              'MHS 5s': mhs(snapshot.hashrateThs),
              'MHS av': mhs(snapshot.avgHashrateThs),
              Accepted: snapshot.acceptedShares,
              Rejected: snapshot.rejectedShares,
            },
          ],
        });
      case 'devs':
        return reply(9, `${snapshot.boards.length} ASC(s)`, {
          DEVS: snapshot.boards.map((board) => ({
            ASC: board.index,
            ID: board.index,
            Enabled: 'Y',
            Status: board.faulted ? 'Dead' : 'Alive',
            Temperature: round(board.boardTempC, 1),
            'MHS 5s': mhs(board.hashrateThs),
            'MHS av': mhs(board.avgHashrateThs),
          })),
        });
      case 'pools':
        return reply(7, '3 Pool(s)', {
          POOLS: cgminerPools(emulatedPools(this.miner.seed, snapshot), false),
        });
      default:
        return unknownCommand();
    }
  }
}

/**
 * Auradine's web API (HTTP, 8080 on the real machine): `POST /token {"command":"token","user",
 * "password"}` -> `{"Token":[{"Token":..}]}`; `GET /mode|psu|fan`; `POST /mode` with a `Token` header:
 * `{"sleep":"on"|"off"}` or `{"mode":"custom","tune":"power","power":W}`. Replies carry a cgminer
 * `STATUS` block.
 */
export class AuradineWebFirmware implements HttpFirmware {
  private readonly tokens = new Set<string>();

  constructor(
    readonly miner: EmulatedMiner,
    readonly credentials: { readonly user: string; readonly password: string } = {
      user: 'admin',
      password: 'admin',
    },
  ) {}

  respond(request: HttpFirmwareRequest): HttpFirmwareReply {
    const ok = (body: JsonObject = {}): HttpFirmwareReply => ({
      status: 200,
      body: { STATUS: [{ STATUS: 'S' }], ...body },
    });
    const error = (msg: string): HttpFirmwareReply => ({
      status: 200,
      body: { STATUS: [{ STATUS: 'E', Msg: msg }] },
    });
    const s = this.miner.snapshot();
    const path = request.path.replace(/^\//, '');
    if (request.method === 'GET') {
      if (path === 'mode') {
        return ok({
          Mode: [
            {
              Sleep: s.curtailed ? 'on' : 'off',
              Mode: 'custom',
              Power: Math.round(s.powerTargetW),
              Ths: round(s.nominalHashrateThs, 1),
            },
          ],
        });
      }
      if (path === 'psu') return ok({ PSU: [{ PowerIn: `${Math.round(s.powerW)}W`, VoltageIn: '230V' }] });
      if (path === 'fan') return ok({ Fan: s.fansRpm.map((rpm, i) => ({ ID: i + 1, Speed: rpm })) });
      return { status: 404, body: null };
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (path === 'token') {
      if (body.user !== this.credentials.user || body.password !== this.credentials.password)
        return error('invalid credentials');
      const token = stableText(this.miner.seed + this.tokens.size, 'auradine-token', 24);
      this.tokens.add(token);
      return ok({ Token: [{ Token: token }] });
    }
    if (path !== 'mode') return { status: 404, body: null };
    if (!this.tokens.has(String(request.headers.token ?? '')))
      return { status: 401, body: { STATUS: [{ STATUS: 'E', Msg: 'invalid token' }] } };
    if (body.sleep === 'on' || body.sleep === 'off') {
      this.miner.recordControl(`mode sleep ${body.sleep}`);
      if (body.sleep === 'on') this.miner.sleep();
      else this.miner.wake();
      return ok();
    }
    if (body.mode === 'custom' && body.tune === 'power') {
      const outcome = this.miner.setPowerTarget(Number(body.power));
      if (!outcome.accepted) return error(outcome.reason);
      this.miner.recordControl(`mode power ${String(body.power)}`);
      return ok();
    }
    return error('unknown mode request');
  }
}
