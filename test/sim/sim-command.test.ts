import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { createMinerClient, type MinerDialect } from '../../src/adapters/miners/index.ts';
import { registerSimCommands, type SimCommandIo } from '../../src/cli/sim-command.ts';
import type { FleetSim } from '../../src/sim/index.ts';

const FLEET = join(import.meta.dirname, '../../examples/fleet.yaml');
const dir = mkdtempSync(join(tmpdir(), 'sim-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly during: unknown;
}

/** Runs `switchyard sim ...`; `whileRunning` gets the live simulator, then the command is told to stop. */
async function runSim(
  args: string[],
  whileRunning: (sim: FleetSim) => Promise<unknown> = async () => null,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let during: unknown = null;
  let started: (sim: FleetSim) => void = () => undefined;
  const running = new Promise<FleetSim>((resolve) => {
    started = resolve;
  });
  const io: SimCommandIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    onStarted: (sim) => started(sim),
    waitForStop: async () => {
      during = await whileRunning(await running);
      return 'test over';
    },
  };
  const program = new Command().exitOverride();
  registerSimCommands(program, io);
  await program.parseAsync(['node', 'switchyard', 'sim', ...args]);
  return { stdout, stderr, during };
}

describe('switchyard sim', () => {
  it('prints and writes the endpoints per site, serves them until told to stop, then closes them', async () => {
    const out = join(dir, 'endpoints.json');
    const run = await runSim(
      [
        '--fleet',
        FLEET,
        '--scale',
        '0.001',
        '--site',
        'tx-west-1',
        'tx-west-4',
        '--time-scale',
        '0.01',
        '--out',
        out,
      ],
      async (sim) => {
        const endpoint = sim.sites[1]!.miners.find((m) => m.firmware === 'whatsminer')!;
        return (
          await createMinerClient(endpoint.dialect, { host: endpoint.host, port: endpoint.port }).read()
        ).state;
      },
    );
    expect(run.during).toBe('hashing');
    const printed = JSON.parse(run.stdout) as {
      scale: number;
      sites: {
        siteId: string;
        miners: { host: string; port: number; dialect: MinerDialect; groupId: string }[];
      }[];
    };
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(printed);
    expect(printed.scale).toBe(0.001);
    expect(printed.sites.map((s) => s.siteId)).toEqual(['tx-west-1', 'tx-west-4']);
    expect(printed.sites[0]!.miners.map((m) => m.groupId)).toEqual([
      's19jpro-stock',
      's19jpro-stock',
      's19jpro-stock',
      's19jpro-stock',
      's21-braiins',
      's21-braiins',
      's21-braiins',
      's21-braiins',
      's21-braiins',
      's21-braiins',
      's19xp-luxos',
      's19xp-luxos',
      's19xp-luxos',
    ]);
    expect(run.stderr).toMatch(/sim: 22 emulated miner\(s\) and 0 GPU node\(s\) at 2 site\(s\)/);
    expect(run.stderr).toMatch(/sim: test over, stopping\nsim: stopped\n$/);
    // Stopped: the ports no longer answer.
    const gone = printed.sites[0]!.miners[0]!;
    await expect(
      createMinerClient(gone.dialect, { host: gone.host, port: gone.port }).read(),
    ).rejects.toMatchObject({
      code: 'SY_ERR_MINER_UNREACHABLE',
    });
  });

  it('refuses a scale that needs more ports than a host has, and bad options', async () => {
    await expect(runSim(['--fleet', FLEET, '--scale', '1'])).rejects.toThrow(/more than the 50000 ports/);
    await expect(runSim(['--fleet', FLEET, '--whatsminer-api', 'v9'])).rejects.toThrow(/must be v2 or v3/);
    await expect(runSim(['--fleet', FLEET, '--scale', '2'])).rejects.toThrow(/--scale/);
  });
});
