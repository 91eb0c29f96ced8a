import { useEffect, useState } from 'react';

/** Optional parts of the API this server offers (read once from its OpenAPI document). */
export interface Capabilities {
  readonly market: boolean;
  readonly reports: boolean;
}

let loaded: Promise<Capabilities> | undefined;

function load(): Promise<Capabilities> {
  loaded ??= fetch('/api/v1/openapi.json')
    .then((r) => (r.ok ? (r.json() as Promise<{ paths?: Record<string, unknown> }>) : { paths: {} }))
    .then(({ paths = {} }) => {
      const has = (prefix: string) => Object.keys(paths).some((p) => p.startsWith(prefix));
      return { market: has('/api/v1/market/'), reports: has('/api/v1/reports/monthly') };
    });
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

/** Undefined until known. Pages that depend on a part say so instead of calling a route that is not there. */
export function useCapabilities(): Capabilities | undefined {
  const [caps, setCaps] = useState<Capabilities>();
  useEffect(() => {
    let live = true;
    load().then(
      (c) => live && setCaps(c),
      () => live && setCaps({ market: false, reports: false }),
    );
    return () => {
      live = false;
    };
  }, []);
  return caps;
}
