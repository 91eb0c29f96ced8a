import type { SiteStatus } from '../api/types.ts';
import type { SiteSelector } from './curtail-control.tsx';

export interface Target {
  readonly kind: 'site' | 'region';
  readonly value: string;
}

export function selectorOf(target: Target): SiteSelector {
  return target.kind === 'site' ? { siteIds: [target.value] } : { region: target.value };
}

export function targetName(target: Target): string {
  return target.kind === 'site' ? target.value : `region ${target.value}`;
}

/** Choose a site or a whole region. */
export function TargetPicker(props: {
  id: string;
  sites: readonly SiteStatus[];
  target: Target;
  onChange: (target: Target) => void;
}) {
  const regions = [...new Set(props.sites.map((s) => s.region))].sort();
  const { target } = props;
  return (
    <fieldset className="target-picker">
      <legend>Target</legend>
      <label className="inline">
        <input
          type="radio"
          name={`${props.id}-kind`}
          checked={target.kind === 'site'}
          onChange={() => props.onChange({ kind: 'site', value: props.sites[0]?.id ?? '' })}
        />{' '}
        a site
      </label>
      <label className="inline">
        <input
          type="radio"
          name={`${props.id}-kind`}
          checked={target.kind === 'region'}
          onChange={() => props.onChange({ kind: 'region', value: regions[0] ?? '' })}
        />{' '}
        a region
      </label>
      <label htmlFor={`${props.id}-value`} className="sr-only">
        {target.kind === 'site' ? 'Site' : 'Region'}
      </label>
      <select
        id={`${props.id}-value`}
        value={target.value}
        onChange={(e) => props.onChange({ ...target, value: e.target.value })}
      >
        {target.kind === 'site'
          ? props.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id})
              </option>
            ))
          : regions.map((r) => (
              <option key={r} value={r}>
                {r} ({props.sites.filter((s) => s.region === r).length} sites)
              </option>
            ))}
      </select>
    </fieldset>
  );
}
