import type { Command } from 'commander';
import { loadFleetFile } from '../adapters/fleet-file/load-fleet-file.ts';
import { formatIssues } from '../core/errors/index.ts';
import { checkFleetReferences, type Fleet } from '../core/fleet/index.ts';
import type { MarketData } from '../core/ports/market-data.ts';
import { loadMarketData } from './context.ts';

export function registerFleetCommands(program: Command): void {
  const fleet = program.command('fleet').description('fleet file commands');
  fleet
    .command('validate')
    .description('check a fleet file against the schema and the data directory; exits 1 on any problem')
    .argument('<file>', 'fleet file (YAML or JSON)')
    .option('--data-dir <dir>', 'market data directory (default $SWITCHYARD_DATA_DIR or ../shared/data)')
    .action(async (file: string, options: { dataDir?: string }) => {
      const parsed = loadFleetFile(file);
      const market = await loadMarketData(options.dataDir);
      const issues = checkFleetReferences(parsed, catalogOf(market));
      if (issues.length > 0) {
        process.stderr.write(`${file}: ${issues.length} problem(s)\n${formatIssues(issues)}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${file}: OK, ${describeFleet(parsed, market)}\n`);
    });
}

export function catalogOf(market: MarketData) {
  return {
    minerModels: market.minerModels(),
    priceSeries: new Map(market.priceSeriesIds().map((id) => [id, market.priceCurrency(id)])),
    solarWeatherIds: market.solarWeatherIds(),
    windIds: market.hubHeightWindIds(),
  };
}

function describeFleet(fleet: Fleet, market: MarketData): string {
  const models = new Map(market.minerModels().map((m) => [m.model, m]));
  let ths = 0;
  let miners = 0;
  let gpus = 0;
  let importMw = 0;
  for (const site of fleet.sites) {
    importMw += site.grid.importMw;
    for (const group of site.minerGroups) {
      ths += group.count * (models.get(group.model)?.hashrateThs ?? 0);
      miners += group.count;
    }
    for (const group of site.gpuNodes) gpus += group.count;
  }
  return `${fleet.sites.length} sites, ${miners.toLocaleString('en-US')} miners (${(ths / 1e6).toFixed(2)} EH/s), ${gpus.toLocaleString('en-US')} GPUs, ${Math.round(importMw)} MW grid import`;
}
