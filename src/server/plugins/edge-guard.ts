import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findUnsafeInput, MAX_URL_LENGTH } from '../../core/edge/index.ts';
import { errorCodes, SwitchyardError } from '../../core/errors/index.ts';

/** Request line and headers a real server reads (Node's default is 16 KiB); longer gets a 431 envelope. */
export const MAX_HEADER_BYTES = 128 * 1024;

/**
 * The checks every route gets before its own schema, whatever the schema says (core/edge): a URL
 * over MAX_URL_LENGTH is refused with 414; a body, query or path parameter holding a NUL character,
 * nesting deeper than the limit, or a number that is not finite or not exactly representable is
 * refused with SY_ERR_REQUEST_INVALID naming the field. Register before auth so an oversized URL
 * costs no key check.
 */
export function registerEdgeGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) {
      throw new SwitchyardError(
        'SY_ERR_REQUEST_TOO_LARGE',
        `the URL is ${request.url.length} characters; at most ${MAX_URL_LENGTH} are accepted`,
        { field: 'url', length: request.url.length, limit: MAX_URL_LENGTH },
      );
    }
  });
  // Before the schema (so a hostile depth never reaches it) and after (query strings are numbers
  // only once coerced: `?limit=1e309` becomes Infinity there).
  const check = async (request: FastifyRequest) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const unsafe = findUnsafeInput(value, part);
      if (unsafe) {
        throw new SwitchyardError('SY_ERR_REQUEST_INVALID', `${unsafe.path}: ${unsafe.problem}`, {
          field: unsafe.path,
          reason: unsafe.problem,
        });
      }
    }
  };
  app.addHook('preValidation', check);
  app.addHook('preHandler', check);
}

/**
 * Answers what Node's HTTP parser refuses before Fastify sees it (headers over MAX_HEADER_BYTES, a
 * malformed request line) with the error envelope instead of a bare status line.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const [status, text, code, message] = tooLarge
    ? [
        431,
        'Request Header Fields Too Large',
        'SY_ERR_REQUEST_TOO_LARGE',
        errorCodes.SY_ERR_REQUEST_TOO_LARGE.summary,
      ]
    : [400, 'Bad Request', 'SY_ERR_REQUEST_INVALID', 'the request could not be parsed as HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
