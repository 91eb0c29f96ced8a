import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  MovementResultContract,
  TreasuryBalanceContract,
  TreasuryHistoryContract,
} from '../contracts/treasury-contract.ts';
import { actorOf } from '../plugins/auth.ts';
import type { TreasuryService } from '../services/treasury-service.ts';
import { authErrors } from './schemas.ts';

const operators = ['admin', 'operator'] as const;
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
/** All the bitcoin there will ever be, in sats. */
const MAX_SATS = 2_100_000_000_000_000;

/** The BTC treasury: movements the operator enters, its balance on a day and its daily history. */
export async function treasuryRoutes(
  app: FastifyInstance,
  opts: { treasury: TreasuryService },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { treasury } = opts;
  r.post(
    '/treasury/movements',
    {
      config: { roles: operators },
      schema: {
        summary:
          'Enter a treasury movement: a sale (sats sold, USD received in cents), a transfer out (sats, destination) or a pool payout received. Booked to the ledger; entering the same id again books nothing.',
        tags: ['treasury'],
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('sale'), Type.Literal('transfer-out'), Type.Literal('payout')]),
            id: Type.Optional(
              Type.String({
                pattern: '^[A-Za-z0-9_.-]{1,64}$',
                description: 'idempotency key (default: new)',
              }),
            ),
            date: Type.String({ pattern: DATE, description: 'UTC day of the movement, YYYY-MM-DD' }),
            sats: Type.Integer({ minimum: 1, maximum: MAX_SATS }),
            usdCents: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            destination: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
            siteId: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-_]*$' })),
            txId: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: MovementResultContract,
          201: MovementResultContract,
          ...authErrors,
          422: authErrors[400],
        },
      },
    },
    async (request, reply) => {
      const result = await treasury.record(request.body, actorOf(request));
      return reply.status(result.result === 'booked' ? 201 : 200).send(result);
    },
  );
  r.get(
    '/treasury/balance',
    {
      config: { roles: operators },
      schema: {
        summary: 'The BTC treasury at the end of a UTC day (default today), in sats',
        tags: ['treasury'],
        querystring: Type.Object({ at: Type.Optional(Type.String({ pattern: DATE })) }),
        response: { 200: TreasuryBalanceContract, ...authErrors },
      },
    },
    async (request) => treasury.balance(request.query.at),
  );
  r.get(
    '/treasury/history',
    {
      config: { roles: operators },
      schema: {
        summary: 'The BTC treasury at the end of every day from `from` to `to` (inclusive, at most 10 years)',
        tags: ['treasury'],
        // Required, checked by the service so that a missing one is named (`querystring/from`).
        querystring: Type.Object({
          from: Type.Optional(Type.String({ pattern: DATE })),
          to: Type.Optional(Type.String({ pattern: DATE })),
        }),
        response: { 200: TreasuryHistoryContract, ...authErrors },
      },
    },
    async (request) => treasury.history(request.query.from, request.query.to),
  );
}
