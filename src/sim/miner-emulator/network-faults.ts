import type { SeededRandom } from '../seeded-random.ts';
import type { NetworkConditions } from './miner-config.ts';

/** What the network does to one request. */
export type NetworkFate = 'deliver' | 'drop' | 'timeout';

/**
 * Draws what the network does to the next request under `conditions`: one draw from `random`, none
 * when the network is perfect.
 */
export function drawNetworkFate(conditions: NetworkConditions, random: SeededRandom): NetworkFate {
  const { dropProbability, timeoutProbability } = conditions;
  if (dropProbability <= 0 && timeoutProbability <= 0) return 'deliver';
  const draw = random.next();
  if (draw < dropProbability) return 'drop';
  if (draw < dropProbability + timeoutProbability) return 'timeout';
  return 'deliver';
}
