import type { Command } from 'commander';
import {
  createMinerClient,
  type DetectionAttempt,
  detectDialect,
  MINER_DIALECTS,
  type MinerDialect,
  MinerError,
  MinerProtocolError,
  type MinerReading,
  MinerTimeoutError,
  MinerUnreachableError,
  UnknownDialectError,
} from '../adapters/miners/index.ts';

/** Where the command writes, and how it reports failure; tests pass their own. */
export interface MinerCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

const processIo: MinerCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** Exit codes of `miner probe`, so scripts can tell failures apart. */
export const PROBE_EXIT = {
  ok: 0,
  usage: 1,
  unreachable: 2,
  timeout: 3,
  unknownDialect: 4,
  malformed: 5,
  otherMinerError: 6,
} as const;

export function registerMinerCommands(program: Command, io: MinerCommandIo = processIo): void {
  const miner = program.command('miner').description('talk to one miner directly (no site, no database)');
  miner
    .command('probe')
    .description(
      'detect the API dialect at HOST[:PORT] and print one normalized reading; without a port, 4028 ' +
        '(cgminer-style), 4433 (Whatsminer API 3) and 80 (Braiins OS REST) are tried. Exit codes: ' +
        '2 unreachable, 3 timeout, 4 unknown dialect, 5 malformed reply, 6 refused',
    )
    .argument('<address>', 'HOST, HOST:PORT, or [IPv6]:PORT')
    .option('--json', 'print the reading as JSON')
    .option('--timeout <ms>', 'connect and read timeout of each attempt, ms', '5000')
    .option('--web-port <port>', 'port of the web interface (REST, GraphQL, VNish, Bitmain CGI); default 80')
    .option('--user <name>', 'web/API user (Bitmain CGI, Braiins, Whatsminer API 3 account)')
    .option(
      '--password <password>',
      `web/API password (Bitmain CGI, Braiins, VNish unlock, Whatsminer admin); or ${PASSWORD_ENV}`,
    )
    .option('--dialect <name>', `skip detection and speak this dialect: ${MINER_DIALECTS.join(', ')}`)
    .action(async (address: string, options: ProbeCliOptions) => {
      const target = parseAddress(address);
      const timeoutMs = Number(options.timeout);
      if (target === null)
        return fail(io, PROBE_EXIT.usage, `error: "${address}" is not HOST, HOST:PORT or [IPv6]:PORT`);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
        return fail(
          io,
          PROBE_EXIT.usage,
          `error: --timeout "${options.timeout}" is not a positive number of ms`,
        );
      }
      const webPort = options.webPort === undefined ? undefined : Number(options.webPort);
      if (webPort !== undefined && !(Number.isInteger(webPort) && webPort >= 1 && webPort <= 65535)) {
        return fail(io, PROBE_EXIT.usage, `error: --web-port "${options.webPort}" is not a port (1-65535)`);
      }
      const dialect = options.dialect as MinerDialect | undefined;
      if (dialect !== undefined && !MINER_DIALECTS.includes(dialect)) {
        return fail(
          io,
          PROBE_EXIT.usage,
          `error: --dialect "${options.dialect}" is not one of ${MINER_DIALECTS.join(', ')}`,
        );
      }
      try {
        const connection = {
          connectTimeoutMs: timeoutMs,
          readTimeoutMs: timeoutMs,
          webPort,
          username: options.user,
          password: options.password ?? process.env[PASSWORD_ENV],
        };
        const found = dialect
          ? {
              dialect,
              port: target.port ?? defaultPortOf(dialect, webPort),
              evidence: 'given with --dialect',
              attempts: [],
            }
          : await detectDialect(target.host, target.port, connection);
        const client = createMinerClient(found.dialect, {
          ...connection,
          host: target.host,
          port: found.port,
        });
        const reading = await client.read();
        io.stdout(
          options.json
            ? `${JSON.stringify(reading, null, 2)}\n`
            : `${formatReading(reading, found.evidence)}${formatAttempts(found.attempts)}`,
        );
      } catch (error) {
        if (!(error instanceof MinerError)) throw error;
        fail(io, exitCodeOf(error), `error ${error.code}: ${error.message}`);
      }
    });
}

/** Environment variable `miner probe` takes the password from when `--password` is not given. */
export const PASSWORD_ENV = 'SWITCHYARD_MINER_PASSWORD';

interface ProbeCliOptions {
  readonly json?: boolean;
  readonly timeout: string;
  readonly webPort?: string;
  readonly user?: string;
  readonly password?: string;
  readonly dialect?: string;
}

/** The port a dialect's API listens on when `--dialect` is given without one. */
function defaultPortOf(dialect: MinerDialect, webPort: number | undefined): number {
  if (dialect === 'whatsminer-v3') return 4433;
  if (dialect === 'braiins-grpc') return 50051;
  if (['braiins-os', 'braiins-graphql', 'vnish', 'bitaxe', 'elphapex'].includes(dialect))
    return webPort ?? 80;
  return 4028;
}

/** The identifications detection asked, per port, for the human-readable output. */
function formatAttempts(attempts: readonly DetectionAttempt[]): string {
  if (attempts.length === 0) return '';
  const lines = ['', 'detection'];
  for (const attempt of attempts) {
    lines.push(`  ${attempt.transport}@${attempt.port}  ${attempt.probe}: ${attempt.outcome}`);
  }
  return `${lines.join('\n')}\n`;
}

function fail(io: MinerCommandIo, code: number, line: string): void {
  io.stderr(`${line.replace(/\s*\n\s*/g, ' ')}\n`);
  io.setExitCode(code);
}

function exitCodeOf(error: MinerError): number {
  if (error instanceof MinerUnreachableError) return PROBE_EXIT.unreachable;
  if (error instanceof MinerTimeoutError) return PROBE_EXIT.timeout;
  if (error instanceof UnknownDialectError) return PROBE_EXIT.unknownDialect;
  if (error instanceof MinerProtocolError) return PROBE_EXIT.malformed;
  return PROBE_EXIT.otherMinerError;
}

/** `host`, `host:port`, `[v6]:port`, `[v6]` or a bare IPv6 address. */
export function parseAddress(address: string): { host: string; port: number | undefined } | null {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  let host: string;
  let portText: string | undefined;
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if ((address.match(/:/g) ?? []).length === 1) {
    [host, portText] = address.split(':') as [string, string];
  } else {
    host = address;
  }
  if (host === '' || /\s/.test(host)) return null;
  if (portText === undefined) return { host, port: undefined };
  const port = Number(portText);
  return /^\d+$/.test(portText) && port >= 1 && port <= 65535 ? { host, port } : null;
}

const dash = (value: number | string | null | undefined, digits?: number): string =>
  value === null || value === undefined
    ? '-'
    : typeof value === 'number' && digits !== undefined
      ? value.toFixed(digits)
      : String(value);

function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  return `${d > 0 ? `${d}d ` : ''}${h}h ${m}m (${seconds} s)`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map(
      (row) =>
        `  ${row
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd()}`,
    )
    .join('\n');
}

/** The human-readable reading: a summary block, then boards, pools, errors and notes. */
export function formatReading(reading: MinerReading, evidence?: string): string {
  const lines = [
    `miner       ${reading.endpoint}  ${reading.dialect}${evidence ? `  (${evidence})` : ''}`,
    `model       ${dash(reading.model)}`,
    `firmware    ${dash(reading.firmware)}`,
    `state       ${reading.state}`,
    `hashrate    ${dash(reading.hashrate5sThs, 2)} TH/s now, ${dash(reading.hashrateAvgThs, 2)} TH/s average, ${dash(reading.nominalHashrateThs, 2)} TH/s nominal`,
    `power       ${reading.powerW === null ? '-' : `${reading.powerW} W (${reading.powerSource})`}, target ${reading.powerTargetW === null ? '-' : `${reading.powerTargetW} W`}`,
    `efficiency  ${reading.efficiencyJPerTh === null ? '-' : `${reading.efficiencyJPerTh.toFixed(2)} J/TH`}`,
    `uptime      ${duration(reading.uptimeS)}`,
    `fans        ${reading.fansRpm === null ? '-' : `${reading.fansRpm.join(' ')} RPM`}`,
  ];
  if (reading.boards && reading.boards.length > 0) {
    lines.push('', 'boards');
    lines.push(
      table([
        ['#', 'TH/s now', 'TH/s avg', 'board C', 'chip C', 'chips'],
        ...reading.boards.map((b) => [
          String(b.index),
          dash(b.hashrate5sThs, 2),
          dash(b.hashrateAvgThs, 2),
          dash(b.boardTempC),
          dash(b.chipTempC),
          dash(b.chips),
        ]),
      ]),
    );
  }
  if (reading.pools && reading.pools.length > 0) {
    lines.push('', 'pools');
    lines.push(
      table([
        ['#', 'status', 'accepted', 'rejected', 'user', 'url'],
        ...reading.pools.map((p) => [
          String(p.index),
          p.status,
          dash(p.accepted),
          dash(p.rejected),
          dash(p.user),
          dash(p.url),
        ]),
      ]),
    );
  }
  if (reading.errors.length > 0) {
    lines.push('', `errors (${reading.errors.length})`);
    for (const error of reading.errors) {
      lines.push(`  ${error.timestamp ?? '-'}  ${error.code ? `[${error.code}] ` : ''}${error.message}`);
    }
  }
  if (reading.warnings.length > 0) {
    lines.push('', 'notes');
    for (const warning of reading.warnings) lines.push(`  - ${warning}`);
  }
  return `${lines.join('\n')}\n`;
}
