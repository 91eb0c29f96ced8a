import type { BoardReading, PoolReading } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import { asBoolean, asNumber, asTemperature, asText, at, objectsOf, toThs } from '../reading/json-values.ts';

/** Board temperatures are named `Board`/`Chip` (21.x), `Max Board`/`Max Chip` or `MAX_BOARD`/`MAX_CHIP` (25.x). */
function temperature(list: unknown, kind: 'board' | 'chip'): number | null {
  const values = objectsOf(list)
    .filter(
      (entry) => (asText(entry.name) ?? '').toLowerCase().replace(/[_\s]/g, '').replace(/^max/, '') === kind,
    )
    .map((entry) => asTemperature(entry.degreesC))
    .filter((value): value is number => value !== null);
  return values.length > 0 ? Math.max(...values) : null;
}

function parseBoards(boards: unknown): BoardReading[] | null {
  const solvers = at(boards, 'bosminer', 'info', 'workSolver', 'childSolvers');
  if (!Array.isArray(solvers)) return null;
  return objectsOf(solvers).map((solver, position) => ({
    index: position,
    hashrate5sThs: toThs.fromMhs(asNumber(at(solver, 'realHashrate', 'mhs5S'))),
    hashrateAvgThs: null,
    boardTempC: temperature(solver.temperatures, 'board'),
    chipTempC: temperature(solver.temperatures, 'chip'),
    chips: asNumber(at(solver, 'hwDetails', 'chips')),
  }));
}

function parsePools(pools: unknown): PoolReading[] | null {
  const groups = at(pools, 'bosminer', 'info', 'poolGroups');
  if (!Array.isArray(groups)) return null;
  return objectsOf(groups)
    .flatMap((group) => objectsOf(group.pools))
    .map((pool, index) => {
      const status = asText(pool.status)?.toUpperCase() ?? null;
      return {
        index,
        url: asText(pool.url),
        user: asText(pool.user),
        status:
          asBoolean(pool.active) === true && status !== 'DEAD'
            ? 'active'
            : status === 'ALIVE'
              ? 'alive'
              : status === 'DEAD'
                ? 'dead'
                : status === 'DISABLED'
                  ? 'disabled'
                  : 'unknown',
        accepted: asNumber(at(pool, 'shares', 'acceptedSolutions')),
        rejected: asNumber(at(pool, 'shares', 'rejectedSolutions')),
      };
    });
}

/**
 * A reading from Braiins OS+ GraphQL `data` blocks: system (`mhs5S`, `nominalMhs`, fans, power
 * `approxConsumptionW` — the tuner's estimate — and `limitW`, uptime), boards (`childSolvers`), tuning
 * (`autotuning.powerTarget`) and pools.
 */
export function parseBraiinsGraphql(
  data: { system: unknown; boards: unknown; tuning: unknown; pools: unknown },
  endpoint: string,
  stoppedByClient: boolean,
  warnings: readonly string[],
): ReadingDraft {
  const info = at(data.system, 'bosminer', 'info');
  const hashrate = toThs.fromMhs(asNumber(at(info, 'workSolver', 'realHashrate', 'mhs5S')));
  const power = asNumber(at(info, 'summary', 'power', 'approxConsumptionW'));
  const fans = Array.isArray(at(info, 'fans'))
    ? objectsOf(at(info, 'fans')).flatMap((fan) => {
        const rpm = asNumber(fan.rpm);
        return rpm === null ? [] : [rpm];
      })
    : null;
  return {
    dialect: 'braiins-graphql',
    endpoint,
    model: null,
    firmware: asText(at(data.system, 'bos', 'info', 'version', 'full')),
    hashrate5sThs: hashrate,
    hashrateAvgThs: null,
    nominalHashrateThs: toThs.fromMhs(asNumber(at(info, 'workSolver', 'nominalMhs'))),
    powerW: power,
    powerSource: power === null ? null : 'firmware-estimate',
    powerTargetW:
      asNumber(at(data.tuning, 'bosminer', 'config', 'autotuning', 'powerTarget')) ??
      asNumber(at(info, 'summary', 'power', 'limitW')),
    reportedEfficiencyJPerTh: null,
    boards: parseBoards(data.boards),
    fansRpm: fans,
    pools: parsePools(data.pools),
    uptimeS: asNumber(at(data.system, 'bos', 'uptime', 'durationS')),
    stateHint: {
      sleeping: stoppedByClient && (hashrate === null || hashrate === 0) ? true : null,
      off: null,
      fault: null,
    },
    errors: [],
    warnings: [...warnings],
  };
}
