import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { accountUnit, type LedgerUnit } from '../../core/accounting/ledger.ts';
import type { LedgerRepository } from '../../core/ports/ledger-repository.ts';
import { LedgerBalancesContract } from '../contracts/treasury-contract.ts';
import { authErrors } from './schemas.ts';

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the ledger's periods are date prefixes. */
const PERIOD = '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$';
/** Reading the persistent ledger. */
export async function ledgerRoutes(app: FastifyInstance, opts: { ledger: LedgerRepository }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/ledger/balances',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          'Balances (debits minus credits; negative for revenue and payables) of every account with postings in the period (all time when omitted), optionally only accounts starting with `prefix`. Amounts are exact integers as strings: sats or micro-USD; totals per unit are 0 over the whole ledger.',
        tags: ['ledger'],
        querystring: Type.Object({
          period: Type.Optional(Type.String({ pattern: PERIOD, description: 'YYYY, YYYY-MM or YYYY-MM-DD' })),
          prefix: Type.Optional(
            Type.String({
              pattern: '^[A-Za-z0-9_.:-]{1,200}$',
              description: 'e.g. `mining-revenue:` or `btc-treasury`',
            }),
          ),
        }),
        response: { 200: LedgerBalancesContract, ...authErrors },
      },
    },
    async (request) => {
      const { period, prefix } = request.query;
      const balances = await opts.ledger.balances(period, prefix);
      const totals: Record<LedgerUnit, bigint> = { sats: 0n, 'micro-usd': 0n };
      const rows = [...balances]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([account, balance]) => {
          const unit = accountUnit(account) ?? null;
          if (unit) totals[unit] += balance;
          return { account, unit, balance: balance.toString() };
        });
      return {
        period: period ?? null,
        prefix: prefix ?? null,
        balances: rows,
        totals: { sats: totals.sats.toString(), 'micro-usd': totals['micro-usd'].toString() },
      };
    },
  );
}
