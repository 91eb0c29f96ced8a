import { Command } from 'commander';
import { SwitchyardError } from '../core/errors/index.ts';
import { registerAgentCommand } from './agent-command.ts';
import { registerBacktestCommand } from './backtest-command.ts';
import { registerEconomicsCommands } from './economics-command.ts';
import { registerFleetCommands } from './fleet-command.ts';
import { registerMinerCommands } from './miner-command.ts';
import { registerPlanCommand } from './plan-command.ts';
import { registerReportCommand } from './report-command.ts';
import { registerServerCommand } from './server-command.ts';
import { registerSimCommands } from './sim-command.ts';
import { registerStartCommand } from './start-command.ts';

const program = new Command()
  .name('switchyard')
  .description('Control plane for fleets that turn electricity into Bitcoin and AI compute')
  .showHelpAfterError();
registerStartCommand(program);
registerServerCommand(program);
registerFleetCommands(program);
registerBacktestCommand(program);
registerPlanCommand(program);
registerEconomicsCommands(program);
registerMinerCommands(program);
registerAgentCommand(program);
registerSimCommands(program);
registerReportCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof SwitchyardError) {
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
}
