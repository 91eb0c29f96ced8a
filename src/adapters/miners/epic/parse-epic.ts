import type { BoardReading, PoolReading } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asBoolean,
  asNumber,
  asObject,
  asTemperature,
  asText,
  at,
  objectsOf,
  roundThs,
} from '../reading/json-values.ts';

/** `HBs[].Hashrate` is `[MH/s, share of ideal]` in PowerPlay's published API. */
function boardMhs(board: Record<string, unknown>): number | null {
  const rate = board.Hashrate;
  return asNumber(Array.isArray(rate) ? rate[0] : rate);
}

function parseBoards(summary: unknown): BoardReading[] | null {
  const hbs = at(summary, 'HBs');
  if (!Array.isArray(hbs)) return null;
  return objectsOf(hbs).map((board, position) => {
    const mhs = boardMhs(board);
    return {
      index: asNumber(board.Index) ?? position,
      hashrate5sThs: mhs === null ? null : roundThs(mhs / 1e6),
      hashrateAvgThs: null,
      boardTempC: asTemperature(board.Temperature),
      chipTempC: null,
      chips: null,
    };
  });
}

/** `"Fans Rpm": {"Fans Speed 0": 4500, ...}` in key order of the fan number. */
function parseFans(summary: unknown): number[] | null {
  const fans = asObject(at(summary, 'Fans Rpm'));
  if (!fans) return null;
  return Object.entries(fans)
    .flatMap(([key, value]) => {
      const position = /(\d+)$/.exec(key);
      const rpm = asNumber(value);
      return position && rpm !== null ? [{ position: Number(position[1]), rpm }] : [];
    })
    .sort((a, b) => a.position - b.position)
    .map((fan) => fan.rpm);
}

function parsePools(summary: unknown): PoolReading[] | null {
  const stratum = asObject(at(summary, 'Stratum'));
  if (!stratum) return null;
  const connected = asBoolean(stratum.IsPoolConnected);
  return [
    {
      index: asNumber(stratum['Config Id']) ?? 0,
      url: asText(stratum['Current Pool']),
      user: asText(stratum['Current User']),
      status: connected === false ? 'dead' : 'active',
      accepted: asNumber(at(summary, 'Session', 'Accepted')),
      rejected: asNumber(at(summary, 'Session', 'Rejected')),
    },
  ];
}

/** The PowerTune target in W when PerpetualTune runs PowerTune (or any algorithm whose unit is W). */
export function epicPowerTarget(summary: unknown): number | null {
  const algorithms = asObject(at(summary, 'PerpetualTune', 'Algorithm'));
  if (!algorithms) return null;
  for (const [name, stats] of Object.entries(algorithms)) {
    const unit = asText(at(stats, 'Unit')) ?? '';
    if (/W/i.test(unit) || /power/i.test(name)) return asNumber(at(stats, 'Target'));
  }
  return null;
}

/**
 * A reading from ePIC PowerPlay's HTTP API (`GET /summary` on port 4028), built to its published format
 * (asic-rs `epic/v1`; no recorded reply exists in the shared fixtures): per-board `HBs[].Hashrate[0]`
 * MH/s summed for the miner, `Power Supply Stats.Input Power` W (measured by the PSU),
 * `Status.Operating State` (`Idling` = asleep), `Session.Uptime`, `Fans Rpm`, `Stratum`, and the
 * PerpetualTune PowerTune target.
 */
export function parseEpic(summary: unknown, endpoint: string, warnings: readonly string[]): ReadingDraft {
  const boards = parseBoards(summary);
  const rates = (boards ?? []).map((b) => b.hashrate5sThs).filter((r): r is number => r !== null);
  const power = asNumber(at(summary, 'Power Supply Stats', 'Input Power'));
  const state = asText(at(summary, 'Status', 'Operating State'));
  return {
    dialect: 'epic',
    endpoint,
    model: null,
    firmware: asText(at(summary, 'Software')),
    hashrate5sThs: rates.length > 0 ? roundThs(rates.reduce((a, b) => a + b, 0)) : null,
    hashrateAvgThs: null,
    nominalHashrateThs: null,
    powerW: power,
    powerSource: power === null ? null : 'measured',
    powerTargetW: epicPowerTarget(summary),
    reportedEfficiencyJPerTh: null,
    boards,
    fansRpm: parseFans(summary),
    pools: parsePools(summary),
    uptimeS: asNumber(at(summary, 'Session', 'Uptime')),
    stateHint: {
      sleeping: state === null ? null : /idl/i.test(state),
      off: null,
      fault: state && /error|fault/i.test(state) ? `PowerPlay operating state "${state}"` : null,
    },
    errors: [],
    warnings: [...warnings],
  };
}
