import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MinerDialect } from '../../src/adapters/miners/index.ts';
import {
  fixtureBytes,
  type MinerRequest,
  type Reply,
  type RunningServer,
  startHttpFixtureServer,
  startTcpFixtureServer,
} from './fixture-server.ts';
import { minerFixturesDir } from './fixtures-dir.ts';

/**
 * One recorded capture: which folder, which file answers which request. Files are served as stored.
 * `files` maps a request key (command, or `command_param`) to a file when the name does not follow
 * from the request; `only` limits a variant to the commands that were recorded together.
 */
export interface FixtureVariant {
  readonly name: string;
  readonly dialect: MinerDialect;
  readonly framing: 'cgminer' | 'length-prefixed' | 'http';
  readonly dir: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly only?: readonly string[];
}

export const VARIANTS: readonly FixtureVariant[] = [
  { name: 'antminer/v2020', dialect: 'antminer-stock', framing: 'cgminer', dir: 'antminer/v2020' },
  { name: 'luxminer/v1', dialect: 'luxos', framing: 'cgminer', dir: 'luxminer/v1' },
  { name: 'whatsminer/v2', dialect: 'whatsminer-v2', framing: 'cgminer', dir: 'whatsminer/v2' },
  {
    name: 'whatsminer/v2 with errors',
    dialect: 'whatsminer-v2',
    framing: 'cgminer',
    dir: 'whatsminer/v2',
    files: { get_error_code: 'get_error_code_with_errors.json' },
  },
  { name: 'whatsminer/v3', dialect: 'whatsminer-v3', framing: 'length-prefixed', dir: 'whatsminer/v3' },
  {
    name: 'whatsminer/v3 with errors',
    dialect: 'whatsminer-v3',
    framing: 'length-prefixed',
    dir: 'whatsminer/v3',
    files: { get_device_info: 'get_device_info_with_errors.json' },
  },
  { name: 'braiins/v25_07', dialect: 'braiins-os', framing: 'http', dir: 'braiins/v25_07' },
  { name: 'avalonminer Avalon Q (soft-off)', dialect: 'avalon', framing: 'cgminer', dir: 'avalonminer' },
  {
    name: 'avalonminer Avalon 1246 (stats only)',
    dialect: 'avalon',
    framing: 'cgminer',
    dir: 'avalonminer',
    files: { stats: 'avalon_a_stats.json' },
    only: ['stats'],
  },
];

export function variantNamed(name: string): FixtureVariant {
  const variant = VARIANTS.find((candidate) => candidate.name === name);
  if (!variant) throw new Error(`no fixture variant ${name}`);
  return variant;
}

function fileFor(variant: FixtureVariant, keys: readonly string[]): Buffer | null {
  for (const key of keys) {
    const mapped = variant.files?.[key];
    const file = mapped ?? `${key}.json`;
    if (existsSync(join(minerFixturesDir(), variant.dir, file))) return fixtureBytes(join(variant.dir, file));
  }
  return null;
}

/** cgminer requests: `ascset` + `0,softoff,...` -> `ascset_softoff.json`, `healthchipget` + `0` -> `healthchipget_0.json`. */
export function cgminerResponder(variant: FixtureVariant): (request: MinerRequest) => Reply {
  return (request) => {
    if (variant.only && !variant.only.includes(request.command)) return null;
    const params = request.parameter?.split(',') ?? [];
    const keys = [
      ...(params[1] ? [`${request.command}_${params[1]}`] : []),
      ...(params[0] ? [`${request.command}_${params[0]}`] : []),
      request.command,
    ];
    return fileFor(variant, keys);
  };
}

/** API 3.x requests: `get.miner.status` + `summary` -> `get_miner_status_summary.json`. */
export function v3Responder(variant: FixtureVariant): (request: MinerRequest) => Reply {
  return (request) => {
    const base = request.command.replace(/\./g, '_');
    return fileFor(variant, [...(request.parameter ? [`${base}_${request.parameter}`] : []), base]);
  };
}

/** REST requests: `GET /api/v1/miner/hw/hashboards` -> `miner_hw_hashboards.json`. */
export function httpResponder(
  variant: FixtureVariant,
): (request: MinerRequest) => { status: number; body: Buffer } | null {
  return (request) => {
    const [method, url] = request.command.split(' ');
    if (method !== 'GET' || !url?.startsWith('/api/v1/')) return null;
    const key = url.slice('/api/v1/'.length).replace(/\/$/, '').replace(/[/-]/g, '_');
    const body = fileFor(variant, [key]);
    return body ? { status: 200, body } : null;
  };
}

export interface StartOptions {
  /** Appended to cgminer replies (`\0` as on the wire). */
  readonly suffix?: Buffer;
  readonly combined?: 'compose' | 'reject';
}

export function startVariant(variant: FixtureVariant, options: StartOptions = {}): Promise<RunningServer> {
  if (variant.framing === 'http') return startHttpFixtureServer({ respond: httpResponder(variant) });
  if (variant.framing === 'length-prefixed') {
    return startTcpFixtureServer({ framing: 'length-prefixed', respond: v3Responder(variant) });
  }
  return startTcpFixtureServer({
    framing: 'cgminer',
    respond: cgminerResponder(variant),
    suffix: options.suffix,
    combined: options.combined,
  });
}
