import { describe, expect, it } from 'vitest';
import type { GridEvent } from '../market/grid.ts';
import { deploymentWindows } from './grid-deployments.ts';

const cdt = (hhmm: string) => Date.parse(`2023-09-06T${hhmm}:00-05:00`);
const day = {
  date: '2023-09-06',
  dayStartMs: cdt('00:00'),
  dayEndMs: cdt('00:00') + 86_400_000,
  confidence: 'high',
};

/** The 2023-09-06 record as in ../shared/data/grid/ercot_grid_events_2023_2024.csv. */
const events: GridEvent[] = [
  { ...day, type: 'conservation_appeal', fromMs: cdt('18:00'), toMs: cdt('21:00'), detail: 'appeal' },
  { ...day, type: 'ers_deployment', detail: 'ERS deployed before the EEA2 (times not found)' },
  { ...day, type: 'frequency_excursion', fromMs: cdt('19:10'), toMs: cdt('19:25'), detail: '59.77 Hz' },
  { ...day, type: 'EEA2', fromMs: cdt('19:25'), toMs: cdt('20:27'), detail: 'EEA2' },
  { ...day, type: 'EEA1', fromMs: cdt('20:27'), toMs: cdt('20:37'), detail: 'EEA1' },
];

describe('deploymentWindows', () => {
  const d = deploymentWindows(events);

  it('deploys RRS, ECRS and Non-Spin in the EEA windows (the record)', () => {
    for (const service of ['rrs', 'ecrs', 'non-spin', 'reg-up'] as const) {
      const windows = d.byService.get(service)!.filter((w) => w.basis.startsWith('record'));
      expect(windows.map((w) => [w.fromMs, w.toMs])).toEqual([
        [cdt('19:25'), cdt('20:27')],
        [cdt('20:27'), cdt('20:37')],
      ]);
    }
    expect(d.byService.get('reg-down')).toBeUndefined();
  });

  it('places the ERS deployment without times from the appeal to the end of the EEA (stated rule)', () => {
    const rule = d.ers.find((w) => w.basis.startsWith('rule'))!;
    expect([rule.fromMs, rule.toMs]).toEqual([cdt('18:00'), cdt('20:37')]);
    expect(d.rules.join('\n')).toMatch(/ERS deployment without times/);
  });

  it('deploys ECRS for a conservation appeal, and nothing for a frequency excursion above 59.7 Hz', () => {
    const ecrs = d.byService.get('ecrs')!.filter((w) => w.basis.startsWith('rule'));
    expect(ecrs.map((w) => [w.fromMs, w.toMs])).toEqual([[cdt('18:00'), cdt('21:00')]]);
    const rrs = d.byService.get('rrs')!;
    expect(rrs.some((w) => w.fromMs === cdt('19:10'))).toBe(false);
    expect(d.conservation.map((w) => w.fromMs)).toEqual([cdt('18:00')]);
  });
});
