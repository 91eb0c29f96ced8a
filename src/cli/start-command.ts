import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { formatSummaryTable, summaryRows } from '../adapters/backtest-output/summary-table.ts';
import { DeferredComputeBackend } from '../adapters/compute/deferred-compute-backend.ts';
import { backtestFromOptions } from './backtest-command.ts';
import { parseDateOption } from './context.ts';
import { startDemoFleet } from './demo.ts';
import { startFleetFakeFeeds } from './fake-feeds.ts';
import { runServer } from './server-command.ts';
import { waitForSignal } from './wait-for-signal.ts';

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
    .option('--fleet <file>', 'fleet file (default the example fleet)', EXAMPLE_FLEET)
    .option(
      '--no-market-import',
      'do not import the market-data directory into stored history on a first start',
    )
    .option('--scale <share>', 'share of the fleet emulated (0 = no simulated fleet)', '0.01')
    .option('--poll-seconds <s>', "agents' polling period, wall seconds", '10')
    .option(
      '--live',
      'run the server on the wall clock against local fake feeds (ERCOT, AESO, exchanges, mempool.space, Open-Meteo) replaying the history from --replay-from moved forward to today',
    )
    .option(
      '--no-feeds',
      'replay without the fake feeds: the server plans on the data files instead of polling feeds',
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
        feeds?: boolean;
        fleet: string;
        marketImport?: boolean;
      }) => {
        process.env.LOG_LEVEL ??= 'warn';
        const scale = Number(options.scale);
        const speed = Number(options.speed);
        const compute = new DeferredComputeBackend();
        // The fake feeds serve the server's clock: the wall clock (--live) or the replay, whose
        // wall-clock anchor both share.
        const anchorMs = Date.now();
        const fakeFeeds =
          options.live || options.feeds !== false
            ? await startFleetFakeFeeds({
                fleetFile: options.fleet,
                replayFromMs: parseDateOption('replay-from', options.replayFrom),
                clock: options.live ? 'wall' : { speed: Number(options.speed), anchorMs },
              })
            : undefined;
        if (fakeFeeds) Object.assign(process.env, fakeFeeds.env());
        const server = await runServer({
          port: options.port,
          host: '127.0.0.1',
          dataDir: options.dataDir,
          replayFrom: options.live ? undefined : options.replayFrom,
          replayAnchor: String(anchorMs),
          liveFeeds: fakeFeeds !== undefined,
          marketImport: options.marketImport,
          market: fakeFeeds?.market,
          speed: options.speed,
          fleet: options.fleet,
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
            options.live
              ? '  live on the wall clock'
              : `  replaying prices from ${options.replayFrom} at ${options.speed}x; Ctrl-C stops everything`,
            fakeFeeds
              ? `  ${fakeFeeds.summary}, polled through the real adapters; feed health: ${server.url}/market-feeds`
              : '  no feeds (--no-feeds): planning on the data files',
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
                fleetFile: options.fleet,
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
