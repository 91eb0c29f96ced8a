import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workModeOf } from '../../src/adapters/miners/antminer/antminer-web.ts';
import { parseAntminer } from '../../src/adapters/miners/antminer/parse-antminer.ts';
import { parseAvalon, parseAvalonStats } from '../../src/adapters/miners/avalon/parse-avalon.ts';
import { parseBitaxe } from '../../src/adapters/miners/bitaxe/parse-bitaxe.ts';
import { parseBosminer } from '../../src/adapters/miners/bosminer/parse-bosminer.ts';
import { parseBraiins } from '../../src/adapters/miners/braiins/parse-braiins.ts';
import { parseBraiinsGraphql } from '../../src/adapters/miners/braiins-graphql/parse-braiins-graphql.ts';
import { ReplySet } from '../../src/adapters/miners/cgminer/reply-set.ts';
import { HTTP_PROBES } from '../../src/adapters/miners/detection/identify-http.ts';
import { parseElphapex } from '../../src/adapters/miners/elphapex/parse-elphapex.ts';
import { detectDialect, identifyCgminerText, MinerError } from '../../src/adapters/miners/index.ts';
import { parseLuxos } from '../../src/adapters/miners/luxos/parse-luxos.ts';
import { builtInSpecs } from '../../src/adapters/miners/model-specs.ts';
import { finishReading, type ReadingDraft } from '../../src/adapters/miners/reading/finish-reading.ts';
import type { JsonObject } from '../../src/adapters/miners/reading/json-values.ts';
import type { CgminerReply } from '../../src/adapters/miners/transport/cgminer-transport.ts';
import { parseReplyObject } from '../../src/adapters/miners/transport/reply-text.ts';
import { parseVnish } from '../../src/adapters/miners/vnish/parse-vnish.ts';
import { parseWhatsminerV2 } from '../../src/adapters/miners/whatsminer-v2/parse-whatsminer-v2.ts';
import { parseWhatsminerV3 } from '../../src/adapters/miners/whatsminer-v3/parse-whatsminer-v3.ts';
import { type RunningServer, startTcpFixtureServer } from './fixture-server.ts';
import { minerFixturesDir } from './fixtures-dir.ts';

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Every capture file (JSON, `.txt` with defects, HTML) of the shared fixtures. */
function captureFiles(): string[] {
  const root = minerFixturesDir();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return walk(root).filter((path) => relative(root, path).includes('/'));
}

const WEIRD_VALUES: readonly unknown[] = [
  null,
  true,
  '',
  'nan',
  '-1',
  [],
  {},
  0,
  -1,
  1e308,
  -1e308,
  2 ** 63,
  'inf',
  [[[]]],
  { a: { b: {} } },
];
const NON_FINITE = [
  'NaN',
  'nan',
  'inf',
  '-inf',
  'Infinity',
  '1e999',
  '-1e999',
  '99999999999999999999999999999',
];

type Pick = <T>(items: readonly T[]) => T;

/** Walks to a random object inside `value` and removes, retypes or blows up one of its fields. */
function mutateStructure(value: unknown, random: () => number, pick: Pick): unknown {
  const objects: Record<string, unknown>[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      objects.push(node as Record<string, unknown>);
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  if (objects.length === 0) return value;
  for (let n = 1 + Math.floor(random() * 4); n > 0; n -= 1) {
    const target = pick(objects);
    const keys = Object.keys(target);
    if (keys.length === 0) continue;
    const key = pick(keys);
    const move = random();
    if (move < 0.3) delete target[key];
    else if (move < 0.6) target[key] = pick(WEIRD_VALUES);
    else if (move < 0.8)
      target[key] = typeof target[key] === 'number' ? String(target[key]) : Number(target[key]);
    else target[key] = `__NONFINITE_${Math.floor(random() * NON_FINITE.length)}__`;
  }
  return value;
}

/** One mutated reply: truncated, bytes flipped, or fields removed/retyped/made non-finite or huge. */
function mutate(original: Buffer, random: () => number): Buffer {
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const kind = random();
  if (kind < 0.25) return original.subarray(0, Math.floor(random() * original.length));
  if (kind < 0.5) {
    const copy = Buffer.from(original);
    for (let n = 1 + Math.floor(random() * 8); n > 0; n -= 1) {
      copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
    }
    return copy;
  }
  let value: unknown;
  try {
    value = JSON.parse(original.toString('utf8'));
  } catch {
    return original.subarray(0, Math.floor(random() * original.length));
  }
  const text = JSON.stringify(mutateStructure(value, random, pick)).replace(
    /"__NONFINITE_(\d+)__"/g,
    (_, index: string) => NON_FINITE[Number(index)]!,
  );
  return Buffer.from(text, 'utf8');
}

const COMMANDS = [
  'summary',
  'stats',
  'devs',
  'edevs',
  'pools',
  'version',
  'devdetails',
  'status',
  'get_version',
  'get_error_code',
  'temps',
  'fans',
  'tunerstatus',
  'config',
  'power',
  'profiles',
  'litestats',
];

/** Runs every parser and identification over one reply body; returns the drafts made. */
function everyParser(body: JsonObject): ReadingDraft[] {
  const reply: CgminerReply = { command: 'x', body, defects: [], minerTimeS: null };
  const replies = () => new ReplySet(new Map(COMMANDS.map((command) => [command, reply])), []);
  const drafts: ReadingDraft[] = [
    parseAntminer(replies(), 'fuzz:4028', null),
    parseAntminer(replies(), 'fuzz:4028', 1, 'antminer-aftermarket'),
    parseWhatsminerV2(replies(), 'fuzz:4028', 'whatsminer-v1'),
    parseAvalon(replies(), parseAvalonStats(body), 'fuzz:4028'),
    parseLuxos(replies(), 'fuzz:4028'),
    parseBosminer(replies(), 'fuzz:4028', true),
    parseVnish(body, body, body, 'fuzz:80', []),
    parseBraiinsGraphql({ system: body, boards: body, tuning: body, pools: body }, 'fuzz:80', false, []),
    parseBraiins(
      {
        details: body,
        stats: body,
        hashboards: body,
        cooling: body,
        pools: body,
        tunerState: body,
        configuration: body,
        errors: body,
        warnings: [],
      },
      'fuzz:80',
    ),
    parseWhatsminerV3(
      { deviceInfo: body, summary: body, pools: body, edevs: body, warnings: [] },
      'fuzz:4433',
    ),
    parseBitaxe(body, 'fuzz:80', []),
    parseElphapex({ summary: body, stats: body, pools: body, systemInfo: body, warnings: [] }, 'fuzz:80'),
  ];
  identifyCgminerText(JSON.stringify(body));
  for (const probe of HTTP_PROBES) probe.identify({ status: 200, body, text: '', defects: [], headers: {} });
  workModeOf(body);
  return drafts;
}

const MUTATIONS_PER_FILE = 20;
const files = captureFiles();
let checked = 0;

describe('fuzzed replies: only typed miner errors escape', () => {
  afterAll(() => {
    // Thousands of mutated replies went through every parser.
    expect(checked).toBeGreaterThan(4_000);
  });

  it.each(files.map((path) => ({ path, name: relative(minerFixturesDir(), path) })))('$name', ({ path }) => {
    const original = readFileSync(path);
    const random = seeded(0x5eed ^ path.length ^ original.length);
    for (let n = 0; n < MUTATIONS_PER_FILE; n += 1) {
      const bytes = n === 0 ? original : mutate(original, random);
      let body: JsonObject;
      try {
        body = parseReplyObject(bytes, 'fuzz:4028', 'fuzz').body;
      } catch (error) {
        expect(error).toBeInstanceOf(MinerError);
        checked += 1;
        continue;
      }
      try {
        for (const draft of everyParser(body)) {
          const reading = finishReading(draft, { specs: builtInSpecs, nowMs: 0 });
          for (const value of [reading.hashrate5sThs, reading.powerW, reading.uptimeS]) {
            if (value !== null) expect(Number.isFinite(value)).toBe(true);
          }
        }
      } catch (error) {
        if (!(error instanceof MinerError)) {
          throw new Error(`${path} mutation ${n}: ${String(error)}\n${bytes.toString('utf8').slice(0, 300)}`);
        }
      }
      checked += 1;
    }
  });
});

describe('fuzzed replies through detection over TCP', () => {
  let server: RunningServer | null = null;
  afterAll(async () => {
    await server?.close();
  });

  it('answers every cgminer command with a mutated capture: detection ends in a result or a typed error, never hangs', async () => {
    const random = seeded(4028);
    const cgminerFiles = files.filter((path) =>
      /\/(version|summary|stats|devs|pools)\.(json|txt)$/.test(path),
    );
    const originals = cgminerFiles.map((path) => readFileSync(path));
    let current: Buffer = originals[0]!;
    server = await startTcpFixtureServer({ framing: 'cgminer', respond: () => current });
    for (let n = 0; n < 24; n += 1) {
      current = mutate(originals[n % originals.length]!, random);
      const outcome = await detectDialect(server.host, server.port, {
        connectTimeoutMs: 200,
        readTimeoutMs: 200,
        webPort: 1,
        ports: { whatsminerV3: 1 },
      }).catch((error: unknown) => error);
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(MinerError);
      else expect((outcome as { dialect: string }).dialect).toBeTypeOf('string');
    }
  });
});
