import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ActualsReportContract } from '../contracts/actuals-contract.ts';
import { actualsJson, whatIfJson } from '../services/actuals-report-json.ts';
import type { ActualsService } from '../services/actuals-service.ts';
import type { ReportService } from '../services/report-service.ts';
import { authErrors } from './schemas.ts';

const MONTH = '^\\d{4}-(0[1-9]|1[0-2])$';

/** The month's books from actuals (measured hashrate, metered energy, pool credits), and its close. */
export async function actualsRoutes(
  app: FastifyInstance,
  opts: { actuals: ActualsService; reports: ReportService; nowMs: () => number },
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
}
