import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs the real CLI (bin/switchyard.js) as a process. */
function switchyard(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/switchyard.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SWITCHYARD_DATA_DIR: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('switchyard CLI', () => {
  it('validates the example fleet: about 50 EH/s over 40+ sites', () => {
    const run = switchyard('fleet', 'validate', 'examples/fleet.yaml');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const match = /OK, (\d+) sites, [\d,]+ miners \(([\d.]+) EH\/s\)/.exec(run.stdout);
    expect(Number(match?.[1])).toBeGreaterThanOrEqual(40);
    expect(Number(match?.[2])).toBeGreaterThan(48);
    expect(Number(match?.[2])).toBeLessThan(52);
  });

  it('names every problem of a broken fleet file and exits 1', () => {
    const run = switchyard('fleet', 'validate', 'examples/broken-fleet.yaml');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/SY_ERR_CONFIG_INVALID/);
    expect(run.stderr).toMatch(/sites\[3\]\.battery\.capacityMwh: must be > 0/);
    expect(run.stderr).toMatch(/sites\[4\]\.timeZone: "America\/Houston" is not an IANA time zone/);
    expect(run.stderr).toMatch(/duplicate id/);
  });

  it('reports a missing fleet file and a bad date clearly', () => {
    expect(switchyard('fleet', 'validate', 'nope.yaml').stderr).toMatch(
      /SY_ERR_CONFIG_UNREADABLE: nope\.yaml: cannot read/,
    );
    const run = switchyard(
      'backtest',
      '--fleet',
      'examples/fleet.yaml',
      '--from',
      '2023-13-01',
      '--to',
      '2023-12-31',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--from: "2023-13-01" is not a date/);
  });

  it('prints the hashprice of a day with its inputs', () => {
    const run = switchyard('economics', 'hashprice', '--date', '2023-03-01');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\$70\.72 per PH\/s per day/);
  });

  it('backtests a real ERCOT scarcity week: miners asleep and the battery discharging in the spikes', () => {
    const dir = join(out, 'week');
    const run = switchyard(
      'backtest',
      '--fleet',
      'examples/fleet.yaml',
      '--site',
      'tx-west-1',
      '--from',
      '2023-08-20',
      '--to',
      '2023-08-26',
      '--strategy',
      'always-on',
      'breakeven',
      'lp-day-ahead',
      'perfect-foresight',
      '--out',
      dir,
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    const usd = (s: string) => result.fleet[s].usdEarned as number;
    expect(usd('perfect-foresight')).toBeGreaterThanOrEqual(usd('lp-day-ahead'));
    expect(usd('lp-day-ahead')).toBeGreaterThan(usd('breakeven'));
    expect(usd('breakeven')).toBeGreaterThan(usd('always-on'));
    expect(usd('lp-day-ahead') / usd('perfect-foresight')).toBeGreaterThan(0.7);

    for (const file of [
      'summary.csv',
      'summary.json',
      'lp-day-ahead/tx-west-1.csv',
      'lp-day-ahead/tx-west-1.jsonl',
    ]) {
      expect(existsSync(join(dir, file))).toBe(true);
    }
    const rows = readFileSync(join(dir, 'lp-day-ahead/tx-west-1.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(7 * 96);
    const spikes = rows.filter((r) => r.import_price_usd_mwh > 1000);
    expect(spikes.length).toBeGreaterThan(4);
    // In the spikes the miners sleep and the battery sells.
    const asleep = spikes.filter((r) => r.mining_mw < 1).length;
    expect(asleep / spikes.length).toBeGreaterThan(0.8);
    expect(spikes.some((r) => r.discharge_mw > 1)).toBe(true);
    expect(rows.find((r) => r.explanation)?.explanation.join(' ')).toMatch(/group (asleep|running|at)/);
  });

  it('prints and writes the regret view and forecast accuracy on a flexible Alberta site', () => {
    const dir = join(out, 'regret');
    const run = switchyard(
      'backtest',
      '--fleet',
      'examples/fleet-flexible-variants.yaml',
      '--site',
      'ab-medicine-hat-flex',
      '--from',
      '2023-02-27',
      '--to',
      '2023-03-02',
      '--strategy',
      'breakeven',
      'lp-learned-hedged',
      'perfect-foresight',
      '--accuracy',
      '--out',
      dir,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/regret: share of the breakeven -> perfect-foresight gap closed/);
    expect(run.stdout).toMatch(/ab-medicine-hat-flex\s+2023-02\s+lp-learned-hedged/);
    expect(run.stdout).toMatch(/forecast accuracy/);
    const regret = readFileSync(join(dir, 'regret.csv'), 'utf8').trim().split('\n');
    expect(regret[0]).toMatch(
      /^site,month,strategy,usd_earned,breakeven_usd,perfect_usd,gap_closed,lost_spike_forecast_usd/,
    );
    // Two local months and the whole run, three strategies each.
    expect(regret).toHaveLength(1 + 3 * 3);
    const accuracy = readFileSync(join(dir, 'accuracy.csv'), 'utf8').trim().split('\n');
    expect(accuracy.map((line) => line.split(',')[2])).toEqual([
      'forecaster',
      'persistence',
      'same-time-yesterday',
      'day-ahead',
      'seasonal',
      'learned',
      'learned-hedged',
    ]);
  });
});
