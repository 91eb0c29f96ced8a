-- Stored, as-of market history (issue 14). A series is a named grid of values (a power price
-- series, a bitcoin daily figure, a weather variable); its points arrive in batches, one batch per
-- import file chunk or feed poll. A batch packs its points as little-endian float64 triples
-- (at_ms, known_at_ms, value), sorted by at_ms: 24 bytes a point, compressed by TOAST. Batches are
-- only ever inserted: a correction is a later batch whose points have a later known_at_ms.
CREATE TABLE market_series (
  id            SERIAL PRIMARY KEY,
  key           TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL,
  unit          TEXT NOT NULL,
  resolution_ms BIGINT NOT NULL
);

CREATE TABLE market_batches (
  id              BIGSERIAL PRIMARY KEY,
  series_id       INTEGER NOT NULL REFERENCES market_series (id),
  source          TEXT NOT NULL,
  from_ms         BIGINT NOT NULL,
  to_ms           BIGINT NOT NULL,
  min_known_at_ms BIGINT NOT NULL,
  max_known_at_ms BIGINT NOT NULL,
  point_count     INTEGER NOT NULL,
  points          BYTEA NOT NULL
);

CREATE INDEX market_batches_series_time ON market_batches (series_id, to_ms, from_ms);
