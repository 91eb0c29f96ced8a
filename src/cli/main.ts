import { Command } from 'commander';
import { SwitchyardError } from '../core/errors/index.ts';

type Registrar = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs (the agent on a site gateway should not
 * load the server, PGlite and HiGHS). Help and unknown commands load them all.
 */
const commands: Record<string, () => Promise<Registrar>> = {
  start: async () => (await import('./start-command.ts')).registerStartCommand,
  example: async () => (await import('./start-command.ts')).registerStartCommand,
  server: async () => (await import('./server-command.ts')).registerServerCommand,
  fleet: async () => (await import('./fleet-command.ts')).registerFleetCommands,
  backtest: async () => (await import('./backtest-command.ts')).registerBacktestCommand,
  plan: async () => (await import('./plan-command.ts')).registerPlanCommand,
  economics: async () => (await import('./economics-command.ts')).registerEconomicsCommands,
  miner: async () => (await import('./miner-command.ts')).registerMinerCommands,
  agent: async () => (await import('./agent-command.ts')).registerAgentCommand,
  sim: async () => (await import('./sim-command.ts')).registerSimCommands,
  report: async () => (await import('./report-command.ts')).registerReportCommand,
  market: async () => (await import('./market-command.ts')).registerMarketCommands,
  energy: async () => (await import('./energy-command.ts')).registerEnergyCommands,
};

const program = new Command()
  .name('switchyard')
  .description('Control plane for fleets that turn electricity into Bitcoin and AI compute')
  .showHelpAfterError();

try {
  const name = process.argv[2];
  const loaders = name !== undefined && commands[name] ? [commands[name]] : Object.values(commands);
  const registered = new Set<Registrar>();
  for (const load of loaders) {
    const register = await load();
    if (!registered.has(register)) register(program);
    registered.add(register);
  }
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof SwitchyardError) {
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
}
