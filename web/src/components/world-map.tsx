import { useEffect, useState } from 'react';
import type { SiteState, SiteStatus } from '../api/types.ts';
import { hashrate } from '../format.ts';
import { navigate } from '../hooks/use-route.ts';
import { loadWorldOutline, MAP_HEIGHT, MAP_WIDTH, projection, type WorldOutline } from './world-outline.ts';

export const STATE_ORDER: readonly SiteState[] = ['online', 'curtailed', 'alert', 'offline'];

/** Sites on a world map (SVG, Natural Earth projection), coloured by state; each links to its page. */
export function WorldMap({ sites }: { sites: readonly SiteStatus[] }) {
  const [outline, setOutline] = useState<WorldOutline>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadWorldOutline().then(
      (o) => live && setOutline(o),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const maxThs = Math.max(1, ...sites.map((s) => s.deployedThs));
  const counts = new Map(STATE_ORDER.map((state) => [state, sites.filter((s) => s.state === state).length]));
  return (
    <figure className="map" data-testid="fleet-map">
      <svg
        viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
        aria-label={`World map of ${sites.length} sites`}
        data-ready={outline ? 'true' : undefined}
      >
        <path className="map-sphere" d={outline?.sphere} />
        <path className="map-land" d={outline?.land} />
        <path className="map-borders" d={outline?.borders} />
        {[...sites]
          .sort((a, b) => b.deployedThs - a.deployedThs)
          .map((site) => {
            const point = projection([site.lon, site.lat]);
            if (!point) return null;
            const r = 4 + 8 * Math.sqrt(site.deployedThs / maxThs);
            const label = `${site.name}: ${site.state}, ${hashrate(site.deployedThs)} deployed`;
            return (
              <a
                key={site.id}
                href={`/sites/${site.id}`}
                aria-label={label}
                data-site-id={site.id}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(`/sites/${site.id}`);
                }}
              >
                <title>{label}</title>
                <circle className={`site-dot site-${site.state}`} cx={point[0]} cy={point[1]} r={r} />
              </a>
            );
          })}
      </svg>
      <figcaption className="legend">
        {STATE_ORDER.map((state) => (
          <span key={state} className="legend-item">
            <span className={`legend-swatch site-${state}`} aria-hidden="true" />
            {state} <strong>{counts.get(state)}</strong>
          </span>
        ))}
        {failed ? <span className="muted"> (the map outline could not be loaded)</span> : null}
      </figcaption>
    </figure>
  );
}
