import { type GeoProjection, geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-110m.json?url';

/** The map's drawing area, in SVG user units (the SVG scales to its container). */
export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 500;
const PAD = 12;

type Atlas = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/** The atlas, with its land decoded into GeoJSON (the borders are decoded when first drawn). */
export interface World {
  readonly atlas: Atlas;
  readonly land: ReturnType<typeof feature>;
}

export interface WorldOutline {
  readonly sphere: string;
  readonly land: string;
}

let topology: Promise<World> | undefined;

/** Natural Earth 1:110m countries (world-atlas, served with the app: no tile server, no internet). */
export function loadWorld(): Promise<World> {
  topology ??= fetch(atlasUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`world map: ${response.status}`);
      return response.json() as Promise<Atlas>;
    })
    .then((atlas) => ({ atlas, land: feature(atlas, atlas.objects.land) }));
  topology.catch(() => {
    topology = undefined;
  });
  return topology;
}

/**
 * A Natural Earth projection framing the given points (longitude, latitude) with a margin, never
 * closer than about 50 x 25 degrees; the whole world when they spread over most of it.
 */
export function projectionFor(points: readonly (readonly [number, number])[]): GeoProjection {
  const extent: [[number, number], [number, number]] = [
    [PAD, PAD],
    [MAP_WIDTH - PAD, MAP_HEIGHT - PAD],
  ];
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  // No adaptive resampling (1:110m lines are short enough) and nothing drawn outside the frame.
  const base = () =>
    geoNaturalEarth1()
      .precision(0)
      .clipExtent([
        [0, 0],
        [MAP_WIDTH, MAP_HEIGHT],
      ]);
  if (points.length === 0 || Math.max(...lons) - Math.min(...lons) > 150) {
    return base().fitExtent(extent, { type: 'Sphere' });
  }
  const widen = (lo: number, hi: number, least: number, limit: number): [number, number] => {
    const span = Math.max(hi - lo, least) * 1.3;
    const mid = (lo + hi) / 2;
    return [Math.max(-limit, mid - span / 2), Math.min(limit, mid + span / 2)];
  };
  const [west, east] = widen(Math.min(...lons), Math.max(...lons), 50, 180);
  const [south, north] = widen(Math.min(...lats), Math.max(...lats), 25, 85);
  const frame = [];
  for (let i = 0; i <= 4; i++) {
    const lon = west + ((east - west) * i) / 4;
    const lat = south + ((north - south) * i) / 4;
    frame.push([lon, south], [lon, north], [west, lat], [east, lat]);
  }
  return base().fitExtent(extent, { type: 'MultiPoint', coordinates: frame });
}

/** The globe and its land as SVG path data under a projection. */
export function outlineOf(world: World, projection: GeoProjection): WorldOutline {
  const path = geoPath(projection);
  return { sphere: path({ type: 'Sphere' }) ?? '', land: path(world.land) ?? '' };
}

const meshes = new WeakMap<World, ReturnType<typeof mesh>>();

/** The borders between countries as SVG path data (drawn after the first paint: finding them takes a while). */
export function bordersOf(world: World, projection: GeoProjection): string {
  let borders = meshes.get(world);
  if (!borders) {
    borders = mesh(world.atlas, world.atlas.objects.countries, (a, b) => a !== b);
    meshes.set(world, borders);
  }
  return geoPath(projection)(borders) ?? '';
}
