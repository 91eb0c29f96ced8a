import {
  decryptBtminer,
  deriveBtminerToken,
  encryptBtminer,
} from '../../src/adapters/miners/whatsminer-v2/btminer-crypto.ts';
import { v3Token } from '../../src/adapters/miners/whatsminer-v3/v3-token.ts';
import {
  fixtureBytes,
  fixtureJson,
  type MinerRequest,
  type Reply,
  type RunningServer,
  startHttpFixtureServer,
  startTcpFixtureServer,
} from './fixture-server.ts';
import { cgminerResponder, httpResponder, v3Responder, variantNamed } from './fixture-variants.ts';

/**
 * Scripted fakes for control commands, built on the recorded captures. Replies to the control
 * commands themselves (session, get_token, curtail, set.*, PUT actions) are constructed from the
 * public API descriptions, since none were recorded. `honest` fakes change what they report after a
 * command (again by editing the recorded reply); `liar` fakes say OK and keep reporting the capture.
 */
export type Behaviour = 'honest' | 'liar';

export interface Fake {
  readonly server: RunningServer;
  /** Commands that change the miner, in order, as the fake understood them. */
  readonly controls: string[];
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const cgStatus = (status: 'S' | 'E' | 'I', msg: string, code = 0, extra: Record<string, unknown> = {}) =>
  json({
    STATUS: [{ STATUS: status, When: 1_760_242_400, Code: code, Msg: msg, Description: 'fake' }],
    ...extra,
    id: 1,
  });

function edited(path: string, edit: (body: Record<string, unknown>) => void): Buffer {
  const body = fixtureJson(path);
  edit(body);
  return json(body);
}

const first = (value: unknown) => (value as Record<string, unknown>[])[0]!;

// ---------------------------------------------------------------- LuxOS

export const LUX_SESSION = 'b2f7c1aa';

export async function startLuxosFake(
  behaviour: Behaviour,
  options: { refuseProfileset?: boolean } = {},
): Promise<Fake> {
  const base = cgminerResponder(variantNamed('luxminer/v1'));
  const controls: string[] = [];
  let curtailed = false;
  let profile: string | null = null;
  const respond = (request: MinerRequest): Reply => {
    const [session, argument] = (request.parameter ?? '').split(',');
    switch (request.command) {
      case 'session':
        return cgStatus('S', 'Session', 0, { SESSION: [{ SessionID: '' }] });
      case 'logon':
        return cgStatus('S', 'Session created', 0, { SESSION: [{ SessionID: LUX_SESSION }] });
      case 'logoff':
        return cgStatus('S', 'Session closed');
      case 'curtail':
      case 'profileset': {
        if (session !== LUX_SESSION) return cgStatus('E', 'Invalid session id', 45);
        controls.push(`${request.command} ${argument}`);
        if (request.command === 'profileset' && options.refuseProfileset) {
          return cgStatus('E', 'Cannot set profile while ATM is enabled', 14);
        }
        if (behaviour === 'honest') {
          if (request.command === 'curtail') curtailed = argument === 'sleep';
          else profile = argument ?? null;
        }
        return request.command === 'curtail'
          ? cgStatus('S', `Curtail ${argument}`)
          : cgStatus('S', 'Profile set', 0, { PROFILE: [{ Profile: argument }] });
      }
      case 'config':
        return edited('luxminer/v1/config.json', (body) => {
          const config = first(body.CONFIG);
          if (curtailed) config.CurtailMode = 'Sleep';
          if (profile) config.Profile = profile;
        });
      case 'summary':
        return curtailed
          ? edited('luxminer/v1/summary.json', (body) => {
              first(body.SUMMARY)['GHS 5s'] = 0;
            })
          : base(request);
      default:
        return base(request);
    }
  };
  return {
    server: await startTcpFixtureServer({ framing: 'cgminer', respond, suffix: Buffer.from([0]) }),
    controls,
  };
}

// ---------------------------------------------------------------- Whatsminer btminer 2.x

export const WM_CHALLENGE = { time: '8038', salt: 'BQ5hoXV9', newsalt: 'Ds7zPz3o' };

export async function startWhatsminerV2Fake(
  behaviour: Behaviour,
  options: { password?: string; model?: string } = {},
): Promise<Fake> {
  const base = cgminerResponder(variantNamed('whatsminer/v2'));
  const token = deriveBtminerToken(options.password ?? 'admin', WM_CHALLENGE);
  const controls: string[] = [];
  let off = false;
  let limit: number | null = null;
  const respond = (request: MinerRequest): Reply => {
    if (request.raw && request.raw.enc === 1 && typeof request.raw.data === 'string') {
      let command: Record<string, unknown> = {};
      try {
        // With another password the client's key differs: the data decrypts to noise.
        command = JSON.parse(decryptBtminer(token.aesKey, request.raw.data)) as Record<string, unknown>;
      } catch {
        command = {};
      }
      if (command.token !== token.hostSign) {
        return json({ STATUS: 'E', When: 1, Code: 23, Msg: 'invalid token', Description: '' });
      }
      controls.push(
        `${String(command.cmd)} ${JSON.stringify({ ...command, cmd: undefined, token: undefined })}`,
      );
      if (behaviour === 'honest') {
        if (command.cmd === 'power_off') off = true;
        if (command.cmd === 'power_on') off = false;
        if (command.cmd === 'adjust_power_limit') limit = Number(command.power_limit);
      }
      const reply = JSON.stringify({
        STATUS: 'S',
        When: 1,
        Code: 131,
        Msg: 'API command OK',
        Description: '',
      });
      return json({ enc: encryptBtminer(token.aesKey, reply) });
    }
    switch (request.command) {
      case 'get_token':
        return json({ STATUS: 'S', When: 1, Code: 134, Msg: WM_CHALLENGE, Description: '' });
      case 'devdetails':
        return options.model
          ? cgStatus('S', '3 ASC(s)', 69, {
              DEVDETAILS: [{ DEVDETAILS: 0, Name: 'SM', ID: 0, Driver: 'bitmicro', Model: options.model }],
            })
          : null;
      case 'status':
        return edited('whatsminer/v2/status.json', (body) => {
          (body.Msg as Record<string, unknown>).mineroff = off ? 'true' : 'false';
        });
      case 'summary':
        return edited('whatsminer/v2/summary.json', (body) => {
          const summary = first(body.SUMMARY);
          if (off) summary['HS RT'] = 0;
          if (limit !== null) summary['Power Limit'] = limit;
        });
      default:
        return base(request);
    }
  };
  return {
    server: await startTcpFixtureServer({ framing: 'cgminer', respond, suffix: Buffer.from([0]) }),
    controls,
  };
}

// ---------------------------------------------------------------- Whatsminer API 3.x

export async function startWhatsminerV3Fake(
  behaviour: Behaviour,
  options: { password?: string } = {},
): Promise<Fake> {
  const base = v3Responder(variantNamed('whatsminer/v3'));
  const salt = String(
    (fixtureJson('whatsminer/v3/get_device_info.json').msg as Record<string, unknown>).salt,
  );
  const controls: string[] = [];
  let stopped = false;
  let limit: number | null = null;
  const respond = (request: MinerRequest): Reply => {
    const raw = request.raw ?? {};
    if (request.command.startsWith('set.')) {
      const expected = v3Token(request.command, options.password ?? 'super', salt, Number(raw.ts));
      if (raw.token !== expected || raw.account !== 'super') return json({ code: -4, msg: 'invalid token' });
      controls.push(`${request.command} ${JSON.stringify(raw.param)}`);
      if (behaviour === 'honest') {
        if (request.command === 'set.miner.service') stopped = raw.param === 'stop';
        if (request.command === 'set.miner.power_limit') limit = Number(raw.param);
      }
      return json({ code: 0, msg: 'ok' });
    }
    if (request.command === 'get.device.info') {
      return edited('whatsminer/v3/get_device_info.json', (body) => {
        ((body.msg as Record<string, unknown>).miner as Record<string, unknown>).working = stopped
          ? 'false'
          : 'true';
      });
    }
    if (request.command === 'get.miner.status' && request.parameter === 'summary') {
      return edited('whatsminer/v3/get_miner_status_summary.json', (body) => {
        const summary = (body.msg as Record<string, unknown>).summary as Record<string, unknown>;
        if (stopped) summary['hash-realtime'] = 0;
        if (limit !== null) summary['power-limit'] = limit;
      });
    }
    return base(request);
  };
  return { server: await startTcpFixtureServer({ framing: 'length-prefixed', respond }), controls };
}

// ---------------------------------------------------------------- Braiins OS

export const BRAIINS_TOKEN = 'tok-3f9a';
/** GET configuration/constraints, shaped like the 25.07 OpenAPI schema (no recorded reply exists). */
export const BRAIINS_CONSTRAINTS = {
  tuner_constraints: {
    default_mode: 1,
    enabled: { default: true },
    power_target: { min: { watt: 1000 }, max: { watt: 3600 }, default: { watt: 3031 } },
  },
};

export async function startBraiinsFake(behaviour: Behaviour): Promise<Fake> {
  const base = httpResponder(variantNamed('braiins/v25_07'));
  const controls: string[] = [];
  let paused = false;
  let target: number | null = null;
  const ok = (body: unknown) => ({ status: 200, body: json(body) });
  const server = await startHttpFixtureServer({
    respond: (request) => {
      const [method, url] = request.command.split(' ');
      if (method === 'POST' && url === '/api/v1/auth/login') {
        const login = request.raw ?? {};
        return login.username === 'root' && login.password === 'root'
          ? ok({ token: BRAIINS_TOKEN, timeout_s: 3600 })
          : { status: 401, body: json({ message: 'invalid credentials' }) };
      }
      if (method === 'PUT') {
        if (request.headers?.authorization !== BRAIINS_TOKEN)
          return { status: 401, body: json({ message: 'unauthorized' }) };
        controls.push(`${url} ${request.parameter ?? ''}`.trim());
        if (url === '/api/v1/actions/pause' || url === '/api/v1/actions/resume') {
          const pausing = url.endsWith('pause');
          const already = paused === pausing;
          if (behaviour === 'honest') paused = pausing;
          return ok(already);
        }
        if (url === '/api/v1/performance/power-target') {
          const watt = Number(request.raw?.watt);
          if (behaviour === 'honest') target = watt;
          return ok({ watt });
        }
        return null;
      }
      if (url === '/api/v1/configuration/constraints') return ok(BRAIINS_CONSTRAINTS);
      if (url === '/api/v1/miner/details' && paused) {
        return ok({ ...fixtureJson('braiins/v25_07/miner_details.json'), status: 3 });
      }
      if (url === '/api/v1/miner/stats' && paused) {
        const stats = fixtureJson('braiins/v25_07/miner_stats.json');
        ((stats.miner_stats as Record<string, unknown>).real_hashrate as Record<string, unknown>).last_5s = {
          gigahash_per_second: 0,
        };
        return ok(stats);
      }
      if (url === '/api/v1/configuration/miner' && target !== null) {
        const config = fixtureJson('braiins/v25_07/configuration_miner.json');
        (config.tuner as Record<string, unknown>).power_target = { watt: target };
        return ok(config);
      }
      return base(request);
    },
  });
  return { server, controls };
}

// ---------------------------------------------------------------- Avalon

/** The Avalon 1246 capture (hashing) with the `MM ID0` text switched to what a softoff shows. */
function avalonStats(idle: boolean, workMode: number | null): Buffer {
  let text = fixtureBytes('avalonminer/avalon_a_stats.json').toString('utf8');
  if (idle) {
    text = text
      .replace('SYSTEMSTATU[Work: In Work, Hash Board: 3 ]', 'SYSTEMSTATU[Work: In Idle, Hash Board: 3 ]')
      .replace('GHSspd[81072.68]', 'GHSspd[0.00]')
      .replace('SoftOFF[0]', 'SoftOFF[4]');
  }
  if (workMode !== null) text = text.replace('WORKMODE[1]', `WORKMODE[${workMode}]`);
  return Buffer.from(text);
}

export async function startAvalonFake(
  behaviour: Behaviour,
  options: { withoutSoftoff?: boolean; silentSoftOn?: boolean } = {},
): Promise<Fake> {
  const base = cgminerResponder(variantNamed('avalonminer Avalon Q (soft-off)'));
  const controls: string[] = [];
  let idle = false;
  let workMode: number | null = null;
  const respond = (request: MinerRequest): Reply => {
    if (request.command === 'ascset') {
      const [, option, ...rest] = (request.parameter ?? '').split(',');
      if (option === 'help') {
        return options.withoutSoftoff
          ? cgStatus('I', 'ASC 0 set info: help|voltage|fan-spd|lcd|reboot|frequency|', 118)
          : fixtureBytes('avalonminer/ascset_help.json');
      }
      controls.push(`ascset ${[option, ...rest].join(',')}`);
      if (behaviour === 'honest') {
        if (option === 'softoff') idle = true;
        if (option === 'softon') idle = false;
        if (option === 'workmode') workMode = Number(rest[1]);
      }
      // Some firmware hangs up on softon instead of answering.
      if (option === 'softon' && options.silentSoftOn) return 'close';
      return base(request); // the recorded ascset_softoff / ascset_softon / ascset_workmode replies
    }
    if (request.command === 'stats') return avalonStats(idle, workMode);
    if (request.command === 'version' || request.command === 'summary') return null; // not recorded for the 1246
    return base(request);
  };
  return {
    server: await startTcpFixtureServer({ framing: 'cgminer', respond, suffix: Buffer.from([0]) }),
    controls,
  };
}
