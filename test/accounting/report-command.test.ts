import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerReportCommand } from '../../src/cli/report-command.ts';

function program(): Command {
  const p = new Command().name('switchyard').exitOverride();
  registerReportCommand(p);
  return p;
}

describe('switchyard report', () => {
  it('rejects a month that is not YYYY-MM', async () => {
    await expect(
      program().parseAsync(['report', '--month', '2024-3', '--fleet', 'examples/fleet.yaml'], {
        from: 'user',
      }),
    ).rejects.toThrow('--month: "2024-3" is not a month (YYYY-MM)');
  });

  it('writes JSON, CSV and self-contained HTML for a month of the real data', {
    timeout: 120_000,
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'report-'));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program().parseAsync(
        [
          'report',
          '--month',
          '2024-03',
          '--fleet',
          'examples/fleet.yaml',
          '--strategy',
          'always-on',
          '--out',
          out,
        ],
        { from: 'user' },
      );
    } finally {
      write.mockRestore();
    }
    const json = JSON.parse(readFileSync(join(out, 'report-2024-03.json'), 'utf8'));
    const csv = readFileSync(join(out, 'report-2024-03.csv'), 'utf8').trim().split('\n');
    const html = readFileSync(join(out, 'report-2024-03.html'), 'utf8');
    const sitesSats = json.sites.reduce(
      (sum: bigint, s: { btcMinedSats: string }) => sum + BigInt(s.btcMinedSats),
      0n,
    );
    expect(BigInt(json.total.btcMinedSats)).toBe(sitesSats);
    expect(json.monthOverMonth.previousMonth).toBe('2024-02');
    const total = csv.at(-1)!.split(',');
    expect(total.slice(0, 3)).toEqual(['2024-03', 'fleet', 'total']);
    expect(BigInt(total[4]!.replace('.', ''))).toBe(sitesSats);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|(src|href)=/);
  });
});
