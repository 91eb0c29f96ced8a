import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  REPORT_FORMATS,
  type ReportFormat,
  renderMonthlyReport,
} from '../../core/accounting/monthly-report-document.ts';
import { strategyNames } from '../../core/backtest/run-backtest.ts';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { ReportService } from '../services/report-service.ts';
import { authErrors, ErrorResponse } from './schemas.ts';

const MONTH = '^\\d{4}-(0[1-9]|1[0-2])(\\.(json|csv|html))?$';

/** The monthly production report of the fleet, the same as `switchyard report --month`. */
export async function reportRoutes(app: FastifyInstance, opts: { reports: ReportService }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/reports/monthly/:month',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          "The month's production report (BTC mined, hashrate, energy and cost, revenue by workload with GPU leases by tier, DR credits, green share) as JSON, CSV or HTML: `?format=` or a `.json`/`.csv`/`.html` suffix. A month that has ended is booked to the ledger (idempotently; headers x-ledger-booked and x-ledger-duplicates).",
        tags: ['reports'],
        params: Type.Object({
          month: Type.String({ pattern: MONTH, description: 'YYYY-MM, optionally .json/.csv/.html' }),
        }),
        querystring: Type.Object({
          format: Type.Optional(Type.Union(REPORT_FORMATS.map((f) => Type.Literal(f)))),
          strategy: Type.Optional(Type.Union(strategyNames.map((s) => Type.Literal(s)))),
        }),
        response: {
          200: Type.String({
            description: 'the report: JSON (amounts as decimal strings), CSV or self-contained HTML',
          }),
          ...authErrors,
          422: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const [month, suffix] = request.params.month.split('.') as [string, ReportFormat | undefined];
      const format = request.query.format ?? suffix ?? 'json';
      if (suffix !== undefined && request.query.format !== undefined && suffix !== request.query.format) {
        throw new SwitchyardError(
          'SY_ERR_REQUEST_INVALID',
          `querystring/format: "${request.query.format}" contradicts the .${suffix} suffix`,
          { field: 'querystring/format' },
        );
      }
      const { report, booking } = await opts.reports.monthly(month, request.query.strategy);
      const document = renderMonthlyReport(report, format);
      reply.header('content-type', document.contentType);
      reply.header('content-disposition', `inline; filename="${document.fileName}"`);
      reply.header('x-ledger-booked', booking === undefined ? 'preview' : String(booking.booked));
      reply.header('x-ledger-duplicates', booking === undefined ? '0' : String(booking.duplicates));
      return reply.send(document.body);
    },
  );
}
