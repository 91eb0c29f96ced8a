import type { FastifyError, FastifyInstance } from 'fastify';
import { ConfigError, errorCodes, SwitchyardError } from '../../core/errors/index.ts';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/**
 * One error handler: our codes map to their HTTP status; Fastify validation errors become
 * SY_ERR_REQUEST_INVALID naming the field; anything else is a 500 with a generic message (details
 * are logged with the request, never sent).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | SwitchyardError | Error, request, reply) => {
    if (error instanceof ConfigError) {
      return reply.status(400).send({
        error: { code: error.code, message: error.message, details: { issues: error.issues } },
      } satisfies ErrorBody);
    }
    if (error instanceof SwitchyardError) {
      const status = errorCodes[error.code].httpStatus;
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return reply
          .status(status)
          .send({ error: { code: error.code, message: errorCodes[error.code].summary } });
      }
      return reply.status(status).send({
        error: { code: error.code, message: error.message, details: { ...error.details } },
      } satisfies ErrorBody);
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const first = fastifyError.validation[0];
      const field = `${fastifyError.validationContext ?? 'body'}${first?.instancePath || ''}`;
      return reply.status(400).send({
        error: {
          code: 'SY_ERR_REQUEST_INVALID',
          message: `${field}: ${first?.message ?? 'invalid'}`,
          details: { field, reason: first?.message ?? 'invalid' },
        },
      } satisfies ErrorBody);
    }
    if (fastifyError.statusCode && fastifyError.statusCode < 500) {
      return reply.status(fastifyError.statusCode).send({
        error: { code: 'SY_ERR_REQUEST_INVALID', message: fastifyError.message },
      } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply
      .status(500)
      .send({ error: { code: 'SY_ERR_INTERNAL', message: errorCodes.SY_ERR_INTERNAL.summary } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'SY_ERR_NOT_FOUND', message: `no route ${request.method} ${request.url}` },
    } satisfies ErrorBody),
  );
}
