import { type MinerCommand, staggerCommands } from './dispatch.ts';
import { mapLimit } from './map-limit.ts';
import type { MinerFleet } from './miner-fleet.ts';
import { describeError, withTimeout } from './with-timeout.ts';

/** What became of one command. */
export interface CommandOutcome {
  readonly command: MinerCommand;
  /** True only when the miner's read-back showed the change (ControlResult.applied). */
  readonly applied: boolean;
  readonly detail: string;
}

export interface WavesResult {
  readonly outcomes: readonly CommandOutcome[];
  readonly wavesPlanned: number;
  readonly wavesRun: number;
  /** True when `signal` stopped the run before every wave was sent. */
  readonly interrupted: boolean;
}

/**
 * Orders commands into waves: everything that sheds load (sleeps, and power targets below the
 * miner's current one, as told by `lowers`) goes in the first wave, all at once; the rest (wakes,
 * raises) in staggerCommands' waves of `waveSize`.
 */
export function planWaves(
  commands: readonly MinerCommand[],
  waveSize: number,
  lowers: (command: MinerCommand) => boolean,
): MinerCommand[][] {
  const shed = commands.filter((c) => c.action === 'sleep' || (c.action === 'set-power-target' && lowers(c)));
  const rest = commands.filter((c) => !shed.includes(c));
  const waves = staggerCommands(rest, waveSize);
  return shed.length > 0 ? [shed, ...waves] : waves;
}

export interface ExecuteWavesOptions {
  readonly fleet: MinerFleet;
  /** Commands in flight at once within a wave. */
  readonly concurrency: number;
  /** Budget of one command including its read-back, ms. */
  readonly timeoutMs: number;
  /** Pause between waves, ms. */
  readonly spacingMs: number;
  readonly delay: (ms: number) => Promise<void>;
  /** Aborted: no further wave is sent (a newer setpoint arrived). Commands already sent finish. */
  readonly signal: AbortSignal;
  /** Called as each command is sent. */
  readonly onSent?: (command: MinerCommand) => void;
}

/**
 * Sends the waves: the commands of one wave in parallel (one miner's commands in order), then
 * `spacingMs` before the next. Never throws: a command that throws or times out is an outcome with
 * `applied: false`.
 */
export async function executeWaves(
  waves: readonly (readonly MinerCommand[])[],
  options: ExecuteWavesOptions,
): Promise<WavesResult> {
  const outcomes: CommandOutcome[] = [];
  let wavesRun = 0;
  for (const [index, wave] of waves.entries()) {
    if (options.signal.aborted) break;
    if (index > 0) {
      await abortable(options.delay(options.spacingMs), options.signal);
      if (options.signal.aborted) break;
    }
    const byMiner = new Map<string, MinerCommand[]>();
    for (const command of wave) {
      const list = byMiner.get(command.minerId) ?? [];
      list.push(command);
      byMiner.set(command.minerId, list);
    }
    const results = await mapLimit([...byMiner.values()], options.concurrency, async (commands) => {
      const done: CommandOutcome[] = [];
      for (const command of commands) done.push(await run(command, options));
      return done;
    });
    outcomes.push(...results.flat());
    wavesRun++;
  }
  return { outcomes, wavesPlanned: waves.length, wavesRun, interrupted: wavesRun < waves.length };
}

async function run(command: MinerCommand, options: ExecuteWavesOptions): Promise<CommandOutcome> {
  const { fleet } = options;
  const what = `${command.action} ${command.minerId}`;
  try {
    options.onSent?.(command);
    const sent =
      command.action === 'sleep'
        ? fleet.sleep(command.minerId)
        : command.action === 'wake'
          ? fleet.wake(command.minerId)
          : fleet.setPowerTarget(command.minerId, command.watts);
    const result = await withTimeout(sent, options.timeoutMs, what);
    return { command, applied: result.applied, detail: result.detail };
  } catch (error) {
    return { command, applied: false, detail: describeError(error) };
  }
}

/** Settles when `promise` does or when `signal` aborts, whichever comes first. */
function abortable(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
    promise.then(done, done);
  });
}
