import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  fixtureBytes,
  type MinerRequest,
  type RunningServer,
  startHttpFixtureServer,
  startTcpFixtureServer,
} from './fixture-server.ts';
import { minerFixturesDir } from './fixtures-dir.ts';

/**
 * Serves one capture folder of `../shared/fixtures/miners` over the firmware's real transports, files
 * exactly as stored (`.txt` replies keep their JSON defects):
 * - cgminer TCP: `<command>.json|.txt`, or `rpc_<command>.json` (proto-fleet recordings);
 * - HTTP: `GET /api/v1/<a>/<b>` -> `web_<a>_<b>.json` (VNish), `GET /cgi-bin/<name>.cgi` -> `<name>.json`,
 *   `GET /api/system/info` -> `system_info.json` (Bitaxe), `POST /graphql` -> the `gql_*.json` whose
 *   fields the query asks (boards, pools, tuning, else system).
 * A command with no file gets the firmware's "Invalid command" (cgminer) or a 404 (HTTP).
 */
export interface CaptureServers {
  readonly cgminer: RunningServer | null;
  readonly http: RunningServer | null;
  close(): Promise<void>;
}

function file(dir: string, names: readonly string[]): Buffer | null {
  for (const name of names) {
    if (existsSync(join(minerFixturesDir(), dir, name))) return fixtureBytes(join(dir, name));
  }
  return null;
}

function hasAny(dir: string, test: (name: string) => boolean): boolean {
  return readdirSync(join(minerFixturesDir(), dir)).some(test);
}

export function cgminerFile(dir: string, request: MinerRequest): Buffer | null {
  const command = request.command;
  return file(dir, [`${command}.json`, `${command}.txt`, `rpc_${command}.json`]);
}

export function httpFile(dir: string, request: MinerRequest): Buffer | null {
  const [method, url = ''] = request.command.split(' ');
  const path = url.split('?')[0]!;
  if (method === 'POST' && path === '/graphql') {
    const query = String(request.raw?.query ?? '');
    if (query.includes('childSolvers')) return file(dir, ['gql_boards.json']);
    if (query.includes('poolGroups')) return file(dir, ['gql_pools.json']);
    if (query.includes('autotuning')) return file(dir, ['gql_tuning.json']);
    if (query.trim().startsWith('mutation')) return null;
    return file(dir, ['gql_system.json']);
  }
  if (method !== 'GET') return null;
  if (path.startsWith('/api/v1/')) {
    const key = path.slice('/api/v1/'.length).replace(/\/$/, '').replace(/\//g, '_');
    return file(dir, [`web_${key}.json`]);
  }
  const cgi = /^\/cgi-bin\/([a-z_]+)\.cgi$/.exec(path);
  if (cgi) return file(dir, [`${cgi[1]}.json`, `${cgi[1]}.txt`, `web_${cgi[1]}.json`]);
  if (path === '/api/system/info') return file(dir, ['system_info.json']);
  return null;
}

/** Starts the transports the folder has recordings for. */
export async function startCapture(dir: string): Promise<CaptureServers> {
  const hasCgminer = hasAny(dir, (name) =>
    /^(rpc_)?(version|summary|stats|devs|edevs|pools)\.(json|txt)$/.test(name),
  );
  const hasHttp = hasAny(dir, (name) => /^(web_|gql_|system_info|get_system_info)/.test(name));
  const cgminer = hasCgminer
    ? await startTcpFixtureServer({ framing: 'cgminer', respond: (request) => cgminerFile(dir, request) })
    : null;
  const http = hasHttp
    ? await startHttpFixtureServer({
        respond: (request) => {
          const body = httpFile(dir, request);
          return body ? { status: 200, body } : null;
        },
      })
    : null;
  return {
    cgminer,
    http,
    close: async () => {
      await cgminer?.close();
      await http?.close();
    },
  };
}
