-- The energy desk's manual prices (issue 14): a price or fixed-price window on a power-price series,
-- or a site's tariff override, each in force from from_ms until expires_at_ms (or its withdrawal).
-- The price is kept as the exact decimal text entered (a CHECK keeps it a decimal), never a float.
CREATE TABLE manual_prices (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('price', 'fixed-window', 'tariff-override')),
  series_id TEXT,
  site_id TEXT,
  usd_per_mwh TEXT NOT NULL CHECK (usd_per_mwh ~ '^-?[0-9]{1,7}(\.[0-9]{1,6})?$'),
  from_ms BIGINT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  note TEXT NOT NULL,
  entered_by TEXT NOT NULL,
  entered_at_ms BIGINT NOT NULL,
  removed_at_ms BIGINT,
  CHECK (expires_at_ms > from_ms),
  CHECK ((kind = 'tariff-override') = (site_id IS NOT NULL AND series_id IS NULL)),
  CHECK (kind = 'tariff-override' OR series_id IS NOT NULL)
);
CREATE INDEX manual_prices_expiry ON manual_prices (expires_at_ms);
