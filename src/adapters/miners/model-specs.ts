/** Nameplate figures of a miner model. */
export interface ModelSpec {
  readonly model: string;
  /** TH/s, nameplate. */
  readonly hashrateThs: number;
  /** W at the wall, nameplate. */
  readonly powerW: number;
}

/** Finds the nameplate of a model name as a firmware reports it; `null` when unknown. */
export type ModelSpecLookup = (model: string) => ModelSpec | null;

/**
 * A few nameplates, copied from the project's `shared/data/reference/miner_models.csv` (see the
 * `source` column there). Used only to estimate power when the firmware reports none (stock Bitmain),
 * and as the upper bound of a Whatsminer power limit ("cannot be higher than the ordinary power of the
 * machine"). Pass `specs` to a client to use the full table instead.
 */
export const BUILT_IN_SPECS: readonly ModelSpec[] = [
  { model: 'Antminer S19 Pro', hashrateThs: 110, powerW: 3250 },
  { model: 'Antminer S19', hashrateThs: 95, powerW: 3250 },
  { model: 'Antminer S19j Pro', hashrateThs: 104, powerW: 3068 },
  { model: 'Antminer S19 XP', hashrateThs: 140, powerW: 3010 },
  { model: 'Antminer S21', hashrateThs: 200, powerW: 3500 },
  { model: 'Antminer S21+', hashrateThs: 216, powerW: 3564 },
  { model: 'Antminer S21 Pro', hashrateThs: 234, powerW: 3510 },
  { model: 'Antminer S21 XP', hashrateThs: 270, powerW: 3645 },
  { model: 'Antminer T21', hashrateThs: 190, powerW: 3610 },
  { model: 'Whatsminer M30S++', hashrateThs: 106, powerW: 3472 },
  { model: 'Whatsminer M50', hashrateThs: 118, powerW: 3422 },
  { model: 'Whatsminer M50S', hashrateThs: 126, powerW: 3276 },
  { model: 'Whatsminer M50S++', hashrateThs: 148, powerW: 3296 },
  { model: 'Whatsminer M60S', hashrateThs: 186, powerW: 3422 },
  { model: 'Whatsminer M60S+', hashrateThs: 200, powerW: 3600 },
  { model: 'Avalon A1466', hashrateThs: 150, powerW: 3300 },
  { model: 'Avalon A1566', hashrateThs: 185, powerW: 3420 },
];

/**
 * The key a model name is matched on: lower case, no spaces, no vendor word, and without a Whatsminer
 * hardware revision (`M60S VK40` and `M60S_VK40` -> `m60s`).
 */
export function modelKey(model: string): string {
  return model
    .toLowerCase()
    .replace(/\b(antminer|bitmain|whatsminer|microbt|avalonminer|avalon)\b/g, '')
    .replace(/[\s_]+/g, ' ')
    .trim()
    .replace(/^(m\d+[a-z]*\+*)\s*v[a-z]?\d+$/, '$1')
    .replace(/\s+/g, '');
}

export function specLookupOf(specs: readonly ModelSpec[]): ModelSpecLookup {
  const byKey = new Map(specs.map((spec) => [modelKey(spec.model), spec]));
  return (model) => byKey.get(modelKey(model)) ?? null;
}

export const builtInSpecs: ModelSpecLookup = specLookupOf(BUILT_IN_SPECS);
