import { utc } from '../format.ts';

/** Says the page is live and how current it is (server clock, which a replay runs fast). */
export function LiveStamp({ serverMs, error }: { serverMs: number | undefined; error?: unknown }) {
  return (
    <p className={`live ${error ? 'live-stale' : ''}`} aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      {error
        ? 'Connection lost, retrying…'
        : serverMs
          ? `Live · server time ${utc(serverMs)}`
          : 'Connecting…'}
    </p>
  );
}
