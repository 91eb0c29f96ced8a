import type { Command } from 'commander';
import { buildHashpriceCalendar } from '../core/economics/hashprice-calendar.ts';
import { breakevenPowerPriceUsdPerMwh } from '../core/economics/mining-revenue.ts';
import { networkHashrateEhs } from '../core/economics/network-hashrate.ts';
import { loadMarketData, parseDateOption } from './context.ts';

export function registerEconomicsCommands(program: Command): void {
  const economics = program.command('economics').description('hashprice and breakeven figures from the data');
  economics
    .command('hashprice')
    .description('hashprice of a UTC day, with every input shown')
    .requiredOption('--date <date>', 'UTC day, YYYY-MM-DD')
    .option('--data-dir <dir>', 'market data directory')
    .action(async (options: { date: string; dataDir?: string }) => {
      const day = await dayEconomics(options.date, options.dataDir);
      process.stdout.write(
        `${[
          `date                ${day.date}`,
          `BTC price           $${day.priceUsd}`,
          `difficulty          ${day.difficulty}`,
          `network hashrate    ${networkHashrateEhs(day.difficulty).toFixed(2)} EH/s (D x 2^32 / 600)`,
          `subsidy per block   ${day.subsidyBtcPerBlock} BTC`,
          `fees per block      ${day.feesBtcPerBlock.toFixed(8)} BTC${day.feesEstimated ? ' (estimated: no fee data that day)' : ''}`,
          `hashprice           $${day.usdPerThDay.toFixed(6)} per TH/s per day`,
          `                    $${day.usdPerPhDay.toFixed(2)} per PH/s per day`,
          `                    ${(day.btcPerThDay * 1e8).toFixed(2)} sats per TH/s per day`,
        ].join('\n')}\n`,
      );
    });
  economics
    .command('breakeven')
    .description('breakeven power price of a miner model on a UTC day')
    .requiredOption('--model <name>', 'miner model, e.g. "Antminer S19j Pro"')
    .requiredOption('--date <date>', 'UTC day, YYYY-MM-DD')
    .option('--pool-fee <percent>', 'pool fee, percent', '2')
    .option('--pue <pue>', 'power usage effectiveness', '1.05')
    .option('--data-dir <dir>', 'market data directory')
    .action(
      async (options: { model: string; date: string; poolFee: string; pue: string; dataDir?: string }) => {
        const market = await loadMarketData(options.dataDir);
        const model = market.minerModels().find((m) => m.model === options.model);
        if (!model) {
          throw new Error(
            `--model: unknown "${options.model}" (known: ${market
              .minerModels()
              .map((m) => m.model)
              .join(', ')})`,
          );
        }
        const day = await dayEconomics(options.date, options.dataDir);
        const breakeven = breakevenPowerPriceUsdPerMwh({
          hashpriceUsdPerThDay: day.usdPerThDay,
          efficiencyJPerTh: model.efficiencyJPerTh,
          poolFeePercent: Number(options.poolFee),
          pue: Number(options.pue),
        });
        process.stdout.write(
          `${model.model} (${model.efficiencyJPerTh.toFixed(2)} J/TH) on ${day.date}: breakeven $${breakeven.toFixed(2)}/MWh at hashprice $${day.usdPerPhDay.toFixed(2)}/PH/day, pool fee ${options.poolFee}%, PUE ${options.pue}\n`,
        );
      },
    );
}

async function dayEconomics(date: string, dataDir: string | undefined) {
  parseDateOption('date', date);
  const market = await loadMarketData(dataDir);
  const calendar = buildHashpriceCalendar(market.btcDays(), market.difficultyEpochs());
  const day = calendar.byDate.get(date);
  if (!day) throw new Error(`--date: no hashprice for ${date} (BTC price or fees missing in the data)`);
  return day;
}
