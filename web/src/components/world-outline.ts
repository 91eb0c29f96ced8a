import { type GeoProjection, geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-110m.json?url';

/** The map's drawing area, in SVG user units (the SVG scales to its container). */
export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 500;

export const projection: GeoProjection = geoNaturalEarth1().fitExtent(
  [
    [6, 6],
    [MAP_WIDTH - 6, MAP_HEIGHT - 6],
  ],
  { type: 'Sphere' },
);

export interface WorldOutline {
  readonly sphere: string;
  readonly land: string;
  readonly borders: string;
}

let outline: Promise<WorldOutline> | undefined;

/**
 * Land and borders as SVG path data, from Natural Earth 1:110m (world-atlas, served with the app:
 * no tile server, no internet). Loaded once, after the first paint.
 */
export function loadWorldOutline(): Promise<WorldOutline> {
  outline ??= fetch(atlasUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`world map: ${response.status}`);
      return response.json() as Promise<
        Topology<{ countries: GeometryCollection; land: GeometryCollection }>
      >;
    })
    .then((topology) => {
      const path = geoPath(projection);
      return {
        sphere: path({ type: 'Sphere' }) ?? '',
        land: path(feature(topology, topology.objects.land)) ?? '',
        borders: path(mesh(topology, topology.objects.countries, (a, b) => a !== b)) ?? '',
      };
    });
  outline.catch(() => {
    outline = undefined;
  });
  return outline;
}
