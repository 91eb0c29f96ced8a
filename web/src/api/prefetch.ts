import { api } from './client.ts';

const early = new Map<string, Promise<unknown>>();

/** Starts a GET before the page that needs it is rendered (at start-up, beside the session check). */
export function prefetch(path: string): void {
  const request = api(path);
  request.catch(() => undefined); // the page's own request reports errors
  early.set(path, request);
}

/** The prefetched answer for `path`, once; undefined when none was started. */
export function takePrefetched<T>(path: string): Promise<T> | undefined {
  const request = early.get(path);
  early.delete(path);
  return request as Promise<T> | undefined;
}
