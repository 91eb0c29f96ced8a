import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Storage } from '../../core/ports/storage.ts';
import { ActualsReportContract } from '../contracts/actuals-contract.ts';
import { actorOf } from '../plugins/auth.ts';
import { actualsJson, whatIfJson } from '../services/actuals-report-json.ts';
import type { ActualsService } from '../services/actuals-service.ts';
import type { ReportService } from '../services/report-service.ts';
import { importUtilityIntervals } from '../services/utility-import.ts';
import { authErrors, SiteIdParams } from './schemas.ts';

const MONTH = '^\\d{4}-(0[1-9]|1[0-2])$';

/** The month's books from actuals (measured hashrate, metered energy, pool credits), and its close. */
export async function actualsRoutes(
  app: FastifyInstance,
  opts: { actuals: ActualsService; reports: ReportService; storage: Storage; nowMs: () => number },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/reports/actuals/:month',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          'The month from what happened, per site and day: operating hashrate from stored telemetry, energy (utility data, meter, or the labelled device sum) and its cost at the contract price, pool credits against FPPS expected, DR credits from measured reductions, curtailed days; every gap named, never a zero. Beside it the allocator’s plan from its stored runs and, on request, the backtester’s what-if, each labelled.',
        tags: ['reports'],
        params: Type.Object({ month: Type.String({ pattern: MONTH }) }),
        querystring: Type.Object({
          whatIf: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 64,
              description:
                'a strategy: adds the backtester’s what-if of the month (simulated; can take minutes)',
            }),
          ),
        }),
        response: { 200: ActualsReportContract, ...authErrors },
      },
    },
    async (request) => {
      const { month } = request.params;
      const actuals = await opts.actuals.month(month, opts.nowMs());
      const whatIf = request.query.whatIf
        ? whatIfJson((await opts.reports.monthly(month, request.query.whatIf)).report)
        : null;
      return actualsJson(actuals, whatIf);
    },
  );
  r.post(
    '/reports/actuals/:month/close',
    {
      config: { roles: ['admin'] },
      schema: {
        summary:
          'Closes the month once its actuals are complete (later pool credits then post to the open period).',
        tags: ['reports'],
        params: Type.Object({ month: Type.String({ pattern: MONTH }) }),
        response: { 200: Type.Object({ month: Type.String(), closed: Type.Boolean() }), ...authErrors },
      },
    },
    async (request) => ({
      month: request.params.month,
      closed: await opts.actuals.closeMonth(request.params.month, opts.nowMs(), 'api'),
    }),
  );
  // The operator's utility export is a CSV body (text/csv), read as text and parsed once, here.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );
  r.post(
    '/sites/:siteId/energy/utility-intervals',
    {
      config: { roles: ['admin', 'operator'] },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        summary:
          'Imports the utility’s 15-min interval export of one site (CSV: interval_start with its UTC offset, kwh). Checked whole before anything is stored; a re-import of the same figures changes nothing; audited.',
        tags: ['reports'],
        params: SiteIdParams,
        body: Type.String({ minLength: 1, description: 'the CSV export (content-type text/csv)' }),
        response: {
          200: Type.Object({
            siteId: Type.String(),
            intervals: Type.Integer(),
            added: Type.Integer(),
            changed: Type.Integer(),
            unchanged: Type.Integer(),
            fromMs: Type.Union([Type.Number(), Type.Null()]),
            toMs: Type.Union([Type.Number(), Type.Null()]),
          }),
          ...authErrors,
        },
      },
    },
    async (request) =>
      importUtilityIntervals(opts.storage, {
        siteId: request.params.siteId,
        csv: request.body,
        file: 'request body',
        actor: actorOf(request),
        nowMs: opts.nowMs(),
      }),
  );
}
