import { ApiError, messageOf } from '../api/client.ts';

/** A marketplace refusal (no capacity, quota, spending limit, quote expired, ...) in the server's words. */
export function MarketError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="market-error">
      {messageOf(error)}
      {error instanceof ApiError ? <span className="muted small"> ({error.code})</span> : null}
    </div>
  );
}
