import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { formatSummaryTable, summaryRows } from '../adapters/backtest-output/summary-table.ts';
import { DeferredComputeBackend } from '../adapters/compute/deferred-compute-backend.ts';
import { startFakeFeedServer } from '../sim/fake-feeds/fake-feed-server.ts';
import { backtestFromOptions } from './backtest-command.ts';
import { loadMarketData, parseDateOption } from './context.ts';
import { startDemoFleet } from './demo.ts';
import { runServer } from './server-command.ts';
import { waitForSignal } from './wait-for-signal.ts';

const WEEK_MS = 7 * 86_400_000;

/**
 * `start --live`: fake feeds serving the history from `replayFrom` moved forward by whole weeks to
 * today, their URLs put in the environment the server's feed configuration reads.
 */
async function startLiveFakeFeeds(replayFrom: string) {
  const market = await loadMarketData();
  const offsetMs = Math.floor((Date.now() - parseDateOption('replay-from', replayFrom)) / WEEK_MS) * WEEK_MS;
  const fake = await startFakeFeedServer(market, Date.now, { offsetMs });
  Object.assign(process.env, fake.env());
  return fake;
}

const EXAMPLE_FLEET = fileURLToPath(new URL('../../examples/fleet.yaml', import.meta.url));

/**
 * `npm start`: the whole system on embedded defaults. The server (PGlite, embedded MQTT broker)
 * with the example fleet, replaying August 2023 prices at 60x real time, and the digital twin: the
 * fleet's miners and GPU nodes emulated at 1/100 scale with one site agent per site.
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the whole system on embedded defaults (server + example fleet on replayed prices)')
    .option('--port <port>', 'HTTP port', process.env.PORT ?? '8080')
    .option('--speed <x>', 'replay speed', '60')
    .option('--replay-from <date>', 'first replayed UTC day', '2023-08-01')
    .option('--data-dir <dir>', 'state directory', process.env.SWITCHYARD_HOME ?? '.switchyard')
    .option('--scale <share>', 'share of the fleet emulated (0 = no simulated fleet)', '0.01')
    .option('--poll-seconds <s>', "agents' polling period, wall seconds", '10')
    .option(
      '--live',
      'run the server on the wall clock against local fake feeds (ERCOT, AESO, exchanges, mempool.space) replaying the history from --replay-from moved forward to today',
    )
    .action(
      async (options: {
        port: string;
        speed: string;
        replayFrom: string;
        dataDir: string;
        scale: string;
        pollSeconds: string;
        live?: boolean;
      }) => {
        process.env.LOG_LEVEL ??= 'warn';
        const scale = Number(options.scale);
        const speed = Number(options.speed);
        const compute = new DeferredComputeBackend();
        const fakeFeeds = options.live ? await startLiveFakeFeeds(options.replayFrom) : undefined;
        const server = await runServer({
          port: options.port,
          host: '127.0.0.1',
          dataDir: options.dataDir,
          replayFrom: options.live ? undefined : options.replayFrom,
          liveFeeds: options.live === true,
          speed: options.speed,
          fleet: EXAMPLE_FLEET,
          intervalMinutes: '15',
          compute,
          // The server knows the twin's scale: setpoints reach the agents at 1/N, their figures come back x N.
          twinScale: scale > 0 && scale < 1 ? String(scale) : undefined,
          // The agents' command waves and reads run on wall time: an ack is due within 30 wall seconds.
          ackTimeoutSeconds: options.live ? undefined : Math.max(120, 30 * speed),
        });
        const keyNote = server.adminKeyFile
          ? `admin API key: ${server.adminKeyFile}`
          : `admin API key: in ${options.dataDir}/admin-key.txt from the first start`;
        process.stdout.write(
          [
            '',
            `Switchyard is running at ${server.url}`,
            `  dashboard:  ${server.url}/ (sign in with the admin API key below)`,
            `  API docs:   ${server.url}/docs`,
            `  health:     ${server.url}/healthz   metrics: ${server.url}/metrics`,
            `  MQTT:       ${server.brokerUrl} (site agents)`,
            `  ${keyNote}`,
            fakeFeeds
              ? `  live on the wall clock; fake feeds at ${fakeFeeds.url} replay ${options.replayFrom} onwards as today; feed health: ${server.url}/market-feeds`
              : `  replaying prices from ${options.replayFrom} at ${options.speed}x; Ctrl-C stops everything`,
            ...(scale > 0 && scale < 1
              ? [
                  `  digital twin at 1/${Math.round(1 / scale)} scale: setpoints reach its agents at 1/${Math.round(1 / scale)}, its measurements are shown at full scale`,
                ]
              : []),
            '',
          ].join('\n'),
        );
        const demo =
          scale > 0
            ? await startDemoFleet(server, {
                fleetFile: EXAMPLE_FLEET,
                scale,
                dataDir: options.dataDir,
                pollSeconds: Number(options.pollSeconds),
                compute,
                // The twin's physics on the server's clock: a miner that wakes in 30-60 s of firmware
                // time does so in 30-60 replayed seconds, not 30-60 replayed minutes.
                timeScale: options.live ? 1 : 1 / speed,
              })
            : undefined;
        process.stdout.write(
          demo
            ? `  simulated fleet running: ${demo.miners} emulated miners, ${demo.gpuNodes} GPU nodes (1/${Math.round(1 / scale)} scale), ${demo.sites} site agents\n`
            : '  no simulated fleet (--scale 0)\n',
        );
        await waitForSignal();
        process.stdout.write('stopping ...\n');
        await demo?.close();
        await server.close();
        await fakeFeeds?.close();
      },
    );
  program
    .command('example')
    .description(
      'the worked example: the main Texas site through the August 2023 ERCOT scarcity week, every strategy',
    )
    .option('--data-dir <dir>', 'market data directory')
    .action(async (options: { dataDir?: string }) => {
      const result = await backtestFromOptions({
        fleet: EXAMPLE_FLEET,
        from: '2023-08-20',
        to: '2023-08-26',
        site: ['tx-west-1'],
        dataDir: options.dataDir,
        resolveEvery: '1',
        horizonHours: '24',
        intervalMinutes: '15',
        gpuCommittedShare: '0.5',
      });
      process.stdout.write(`${formatSummaryTable(summaryRows(result))}\n`);
      for (const note of result.sites.flatMap((s) => s.notes)) process.stdout.write(`  note: ${note}\n`);
    });
}
