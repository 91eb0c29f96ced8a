import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { DECIMAL_PRICE } from '../../core/ticks/manual-prices.ts';
import { ManualPriceContract, ManualPriceListContract } from '../contracts/manual-price-contract.ts';
import { actorOf } from '../plugins/auth.ts';
import type { ManualPriceService } from '../services/manual-price-service.ts';
import { EpochMs, Id, SiteId, Text } from './edge-schemas.ts';
import { authErrors, IdParams } from './schemas.ts';

const operators = ['admin', 'operator'] as const;

/** The energy desk's manual prices: enter, list the current ones, withdraw. Every change is audited. */
export async function manualPriceRoutes(
  app: FastifyInstance,
  opts: { manualPrices: ManualPriceService },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { manualPrices } = opts;
  r.post(
    '/market/manual-prices',
    {
      config: { roles: operators },
      schema: {
        summary:
          'Enter a manual price on a power-price series, a fixed-price window, or a tariff override on a site, in force until it expires',
        tags: ['market data'],
        body: Type.Object(
          {
            kind: Type.Union([
              Type.Literal('price'),
              Type.Literal('fixed-window'),
              Type.Literal('tariff-override'),
            ]),
            seriesId: Type.Optional(Id({ description: 'power-price series, for price and fixed-window' })),
            siteId: Type.Optional(SiteId({ description: 'site, for tariff-override' })),
            usdPerMwh: Type.String({
              pattern: DECIMAL_PRICE.source,
              description: 'exact decimal USD/MWh, e.g. "45.00"',
            }),
            fromMs: EpochMs(),
            expiresAtMs: EpochMs(),
            note: Text({ maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ManualPriceContract, ...authErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await manualPrices.add(request.body, actorOf(request))),
  );
  r.get(
    '/market/manual-prices',
    {
      config: { roles: operators },
      schema: {
        summary: 'The manual prices neither expired nor withdrawn',
        tags: ['market data'],
        response: { 200: ManualPriceListContract, ...authErrors },
      },
    },
    async () => manualPrices.current(),
  );
  r.delete(
    '/market/manual-prices/:id',
    {
      config: { roles: operators },
      schema: {
        summary: 'Withdraw a manual price before its expiry',
        tags: ['market data'],
        params: IdParams,
        response: { 204: Type.Null(), ...authErrors },
      },
    },
    async (request, reply) => {
      await manualPrices.remove(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );
}
