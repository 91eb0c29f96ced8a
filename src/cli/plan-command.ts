import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadFleetFile } from '../adapters/fleet-file/load-fleet-file.ts';
import { toMps } from '../core/allocator/mps-format.ts';
import { planFleetAt } from '../core/backtest/plan-fleet-at.ts';
import { forecasterByName, forecasters } from '../core/forecast/forecasters.ts';
import { loadMarketData, loadSolver } from './context.ts';

export function registerPlanCommand(program: Command): void {
  program
    .command('plan')
    .description("plan every site's next horizon at a past moment, on what was known then, and explain it")
    .requiredOption('--fleet <file>', 'fleet file')
    .requiredOption('--at <time>', 'decision time, ISO-8601 UTC (e.g. 2023-08-10T20:00:00Z)')
    .option('--site <ids...>', 'sites to plan (default: all)')
    .option(
      '--forecaster <name>',
      `price forecaster (${forecasters.map((f) => f.name).join(', ')})`,
      'day-ahead',
    )
    .option('--write-mps <dir>', "write each site's linear program as an MPS file")
    .option('--data-dir <dir>', 'market data directory')
    .action(
      async (options: {
        fleet: string;
        at: string;
        site?: string[];
        forecaster: string;
        writeMps?: string;
        dataDir?: string;
      }) => {
        const atMs = Date.parse(options.at);
        if (Number.isNaN(atMs)) throw new Error(`--at: "${options.at}" is not an ISO-8601 time`);
        const forecaster = forecasterByName(options.forecaster);
        if (!forecaster) throw new Error(`--forecaster: unknown "${options.forecaster}"`);
        const fleet = loadFleetFile(options.fleet);
        const [market, solver] = await Promise.all([loadMarketData(options.dataDir), loadSolver()]);
        if (options.writeMps) mkdirSync(options.writeMps, { recursive: true });
        const plans = planFleetAt(
          {
            fleet,
            atMs: Math.floor(atMs / 900_000) * 900_000,
            forecaster,
            siteIds: options.site,
            onProgram: options.writeMps
              ? (siteId, lp) => writeFileSync(join(options.writeMps!, `${siteId}.mps`), toMps(lp))
              : undefined,
          },
          { market, solver },
        );
        for (const plan of plans) {
          const first = plan.decisions[0]!;
          process.stdout.write(
            `${plan.siteId}: mining ${first.miningMw.toFixed(1)} MW, GPUs ${first.gpuMw.toFixed(1)} MW, import ${first.importMw.toFixed(1)} MW, planned value $${Math.round(plan.plannedValueUsd).toLocaleString('en-US')} over ${((plan.decisions.length * plan.intervalMinutes) / 60).toFixed(0)} h\n`,
          );
          for (const line of plan.explanation) process.stdout.write(`  - ${line}\n`);
        }
      },
    );
}
