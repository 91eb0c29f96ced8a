import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { formatLogLine, logDestination } from './pretty-log.ts';

function capture(isTTY: boolean, env: Record<string, string> = {}) {
  const out = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  out.on('data', (chunk) => {
    text += chunk;
  });
  const logger = pino({ level: 'info' }, logDestination(out, env));
  return { logger, text: () => text };
}

describe('logs: human lines on a terminal, JSON otherwise', () => {
  it('writes one human line per event on a terminal', () => {
    const { logger, text } = capture(true);
    logger.info({ sites: 43, file: 'examples/fleet.yaml' }, 'fleet imported');
    logger.warn({ err: new Error('broker down'), siteId: 'tx-west-1' }, 'publish failed');
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO {2}fleet imported sites=43 file=examples\/fleet.yaml$/);
    expect(lines[1]).toMatch(/WARN {2}publish failed err="broker down" siteId=tx-west-1$/);
  });

  it('writes pino JSON lines to a pipe or a file', () => {
    const { logger, text } = capture(false);
    logger.info({ sites: 43 }, 'fleet imported');
    expect(JSON.parse(text())).toMatchObject({ level: 30, msg: 'fleet imported', sites: 43 });
  });

  it('follows SWITCHYARD_LOG_FORMAT over the terminal check', () => {
    const json = capture(true, { SWITCHYARD_LOG_FORMAT: 'json' });
    json.logger.info('x');
    expect(JSON.parse(json.text()).msg).toBe('x');
    const pretty = capture(false, { SWITCHYARD_LOG_FORMAT: 'pretty' });
    pretty.logger.info('x');
    expect(pretty.text()).toMatch(/INFO {2}x\n$/);
  });

  it('passes a line that is not JSON through', () => {
    expect(formatLogLine('plain text')).toBe('plain text\n');
  });
});
