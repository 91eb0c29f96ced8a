import { useEffect, useMemo, useState } from 'react';
import type { SiteState, SiteStatus } from '../api/types.ts';
import { hashrate } from '../format.ts';
import { navigate } from '../hooks/use-route.ts';
import { useViewportWidth } from '../hooks/use-viewport-width.ts';
import { bordersOf, loadWorld, MAP_HEIGHT, MAP_WIDTH, outlineOf, projectionFor } from './world-outline.ts';

export const STATE_ORDER: readonly SiteState[] = ['online', 'curtailed', 'alert', 'offline'];

/**
 * Sites on a map of the world (SVG, Natural Earth projection framing the fleet), coloured by state,
 * sized by deployed hashrate; each links to its page.
 */
export function WorldMap({ sites }: { sites: readonly SiteStatus[] }) {
  const [world, setWorld] = useState<Awaited<ReturnType<typeof loadWorld>>>();
  const [failed, setFailed] = useState(false);
  // The map spans the page's content column (at most 1240 px less the page's padding).
  const width = Math.min(useViewportWidth(), 1240) - 40;
  useEffect(() => {
    let live = true;
    loadWorld().then(
      (w) => live && setWorld(w),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const frameKey = sites.map((s) => `${s.lon},${s.lat}`).join(';');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the frame changes only when the sites move
  const projection = useMemo(() => projectionFor(sites.map((s) => [s.lon, s.lat] as const)), [frameKey]);
  const outline = useMemo(() => (world ? outlineOf(world, projection) : undefined), [world, projection]);
  const [borders, setBorders] = useState<string>();
  useEffect(() => {
    if (!world) return;
    const timer = setTimeout(() => setBorders(bordersOf(world, projection)), 50);
    return () => clearTimeout(timer);
  }, [world, projection]);
  // Markers keep a readable size on a narrow screen (the drawing scales down with it).
  const unit = Math.max(1, (MAP_WIDTH / Math.max(width, 1)) * 0.55);
  const maxThs = Math.max(1, ...sites.map((s) => s.deployedThs));
  const counts = new Map(STATE_ORDER.map((state) => [state, sites.filter((s) => s.state === state).length]));
  return (
    <figure className="map" data-testid="fleet-map">
      <svg
        viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
        aria-label={`Map of ${sites.length} sites`}
        data-ready={outline ? 'true' : undefined}
      >
        <path className="map-sphere" d={outline?.sphere} />
        <path className="map-land" d={outline?.land} />
        <path className="map-borders" d={borders} />
        {[...sites]
          .sort((a, b) => b.deployedThs - a.deployedThs)
          .map((site) => {
            const point = projection([site.lon, site.lat]);
            if (!point) return null;
            const r = (4 + 7 * Math.sqrt(site.deployedThs / maxThs)) * unit;
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
                <circle
                  className={`site-dot site-${site.state}`}
                  cx={point[0]}
                  cy={point[1]}
                  r={r}
                  strokeWidth={1.5 * unit}
                />
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
