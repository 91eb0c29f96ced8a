import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { FleetStatusContract } from '../contracts/fleet-status-contract.ts';
import type { FleetStatusService } from '../services/fleet-status-service.ts';
import { authErrors } from './schemas.ts';

/** The fleet at a glance: every site's state and power split, and the headline figures. */
export async function fleetStatusRoutes(
  app: FastifyInstance,
  opts: { status: FleetStatusService },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/fleet/status',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          "Each site's state (online, offline, curtailed, alert), power split, hashrate and GPUs; fleet totals, planned earnings per hour and estimated BTC today and this month",
        tags: ['fleet'],
        response: { 200: FleetStatusContract, ...authErrors },
      },
    },
    async () => opts.status.status(),
  );
}
