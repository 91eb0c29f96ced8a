import type { Offer, Tier } from '../../api/market-types.ts';
import { TIERS } from '../../api/market-types.ts';

export interface OfferFilter {
  gpuModel: string;
  region: string;
  siteId: string;
  tier: Tier | '';
  minFreeGpus: string;
  sort: 'price' | 'green' | 'free';
}

export const NO_FILTER: OfferFilter = {
  gpuModel: '',
  region: '',
  siteId: '',
  tier: '',
  minFreeGpus: '',
  sort: 'price',
};

export function filterQuery(filter: OfferFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== '') params.set(key, String(value));
  return params.toString();
}

/** Filters for the offer list; the choices come from every offer. */
export function OfferFilters(props: {
  all: readonly Offer[];
  filter: OfferFilter;
  onChange: (f: OfferFilter) => void;
}) {
  const { filter, onChange } = props;
  const unique = (pick: (o: Offer) => string) => [...new Set(props.all.map(pick))].sort();
  const select = (id: keyof OfferFilter, label: string, options: readonly string[], anyLabel = 'any') => (
    <div className="field">
      <label htmlFor={`filter-${id}`}>{label}</label>
      <select
        id={`filter-${id}`}
        value={filter[id]}
        onChange={(e) => onChange({ ...filter, [id]: e.target.value })}
      >
        {anyLabel ? <option value="">{anyLabel}</option> : null}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form className="filters card" aria-label="Filter offers" onSubmit={(e) => e.preventDefault()}>
      {select(
        'gpuModel',
        'GPU model',
        unique((o) => o.gpuModel),
      )}
      {select(
        'region',
        'Region',
        unique((o) => o.region),
      )}
      {select(
        'siteId',
        'Site',
        unique((o) => o.siteId),
      )}
      {select('tier', 'Tier', TIERS)}
      <div className="field">
        <label htmlFor="filter-minFreeGpus">At least free GPUs</label>
        <input
          id="filter-minFreeGpus"
          type="number"
          min={0}
          inputMode="numeric"
          value={filter.minFreeGpus}
          onChange={(e) => onChange({ ...filter, minFreeGpus: e.target.value })}
        />
      </div>
      {select('sort', 'Sort by', ['price', 'green', 'free'], '')}
    </form>
  );
}
