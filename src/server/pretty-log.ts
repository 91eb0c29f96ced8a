import type { DestinationStream } from 'pino';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
/** Fields every line has, shown in the line's head or not at all. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);
const MAX_VALUE_CHARS = 160;

/**
 * One pino JSON line as one human line: `HH:MM:SS LEVEL message key=value ...` (time in UTC; an
 * error as its message; long values cut). A line that is not JSON comes back as it was.
 */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '--:--:--';
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  return `${[time, level, String(entry.msg ?? ''), ...fields].join(' ').trimEnd()}\n`;
}

function formatValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'message' in value) {
    return JSON.stringify(String((value as { message: unknown }).message));
  }
  const text =
    typeof value === 'string' ? (/\s/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/**
 * Where the server's and the agent's logs go: on a terminal, one human line per event
 * (formatLogLine); otherwise (a pipe, a file, a log shipper) pino's JSON lines as they are.
 * SWITCHYARD_LOG_FORMAT=json or =pretty decides instead.
 */
export function logDestination(
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DestinationStream {
  const format = env.SWITCHYARD_LOG_FORMAT ?? (out.isTTY ? 'pretty' : 'json');
  if (format !== 'pretty') return { write: (line: string) => void out.write(line) };
  return { write: (line: string) => void out.write(formatLogLine(line)) };
}
