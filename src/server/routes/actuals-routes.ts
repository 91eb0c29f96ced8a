import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { satsToBtcText } from '../../core/accounting/exact-units.ts';
import type { ActualsMonthReport, ActualsService } from '../services/actuals-service.ts';
import { authErrors } from './schemas.ts';

const MONTH = '^\\d{4}-(0[1-9]|1[0-2])$';
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const SiteDay = Type.Object({
  date: Type.String(),
  operatingThs: Type.Union([Type.Number(), Type.Null()], {
    description: 'TH/s, mean of the stored minutes; null = no telemetry (gap)',
  }),
  coverage: Type.Number(),
  uptimeShare: Type.Union([Type.Number(), Type.Null()]),
  devicesReporting: Type.Union([Type.Number(), Type.Null()]),
  energyWh: Type.Union([Type.Number(), Type.Null()]),
  energySource: Type.Union([Type.String(), Type.Null()], {
    description: 'utility-csv, meter, device-sum (labelled fallback) or null',
  }),
  creditedBtc: Nullable(Type.String({ description: 'pool credits of the day, BTC; null = none yet (gap)' })),
  expectedBtc: Nullable(
    Type.String({ description: 'FPPS on the measured hashrate and the day network data' }),
  ),
  withinTolerance: Type.Boolean(),
  cause: Type.Union([Type.String(), Type.Null()]),
  curtailedHours: Type.Number(),
});

const ActualsResponse = Type.Object({
  month: Type.String(),
  basis: Type.Literal('actuals'),
  complete: Type.Boolean(),
  closed: Type.Boolean(),
  totals: Type.Object({
    operatingEhs: Type.Union([Type.Number(), Type.Null()]),
    minedBtc: Type.String(),
    energyWh: Type.Number(),
  }),
  sites: Type.Array(
    Type.Object({
      siteId: Type.String(),
      operatingEhs: Type.Union([Type.Number(), Type.Null()]),
      deployedEhs: Type.Number(),
      minedBtc: Type.String(),
      energyWh: Type.Number(),
      curtailedDays: Type.Array(Type.String()),
      gaps: Type.Array(Type.Object({ date: Type.String(), what: Type.String() })),
      days: Type.Array(SiteDay),
    }),
  ),
});

/** The month's books from actuals (measured hashrate, metered energy, pool credits), and its close. */
export async function actualsRoutes(
  app: FastifyInstance,
  opts: { actuals: ActualsService; nowMs: () => number },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/reports/actuals/:month',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          'The month from what happened, per site and day: operating hashrate from stored telemetry, energy (utility data, meter, or the labelled device sum), pool credits against FPPS expected, curtailed days; every gap named, never a zero.',
        tags: ['reports'],
        params: Type.Object({ month: Type.String({ pattern: MONTH }) }),
        response: { 200: ActualsResponse, ...authErrors },
      },
    },
    async (request) => actualsJson(await opts.actuals.month(request.params.month, opts.nowMs())),
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

export function actualsJson(report: ActualsMonthReport) {
  return {
    month: report.month,
    basis: 'actuals' as const,
    complete: report.complete,
    closed: report.closed,
    totals: {
      operatingEhs: report.totals.operatingEhs,
      minedBtc: satsToBtcText(report.totals.minedSats),
      energyWh: report.totals.energyWh,
    },
    sites: report.sites.map((site) => ({
      siteId: site.siteId,
      operatingEhs: site.operatingEhs,
      deployedEhs: site.deployedEhs,
      minedBtc: satsToBtcText(site.minedSats),
      energyWh: site.energyWh,
      curtailedDays: [...site.curtailedDays],
      gaps: site.gaps.map((g) => ({ date: g.date, what: g.what })),
      days: site.days.map((day) => ({
        date: day.hashrate.date,
        operatingThs: day.hashrate.averageThs,
        coverage: day.hashrate.coverage,
        uptimeShare: day.hashrate.uptimeShare,
        devicesReporting: day.hashrate.devicesReporting,
        energyWh: day.energy.energyWh,
        energySource: day.energy.source,
        creditedBtc: day.creditedSats === null ? null : satsToBtcText(day.creditedSats),
        expectedBtc: day.check.expectedSats === null ? null : satsToBtcText(day.check.expectedSats),
        withinTolerance: day.check.withinTolerance,
        cause: day.check.cause,
        curtailedHours: day.curtailedHours,
      })),
    })),
  };
}
