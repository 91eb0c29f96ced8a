-- Actuals (issue 15): what the pools credited, what the meters measured.

-- One daily credit per (source, account, UTC day), in exact satoshis. A pool that revises a day
-- replaces the row (revisions counts how often).
CREATE TABLE pool_credits (
  source         TEXT COLLATE "C" NOT NULL CHECK (source IN ('braiins', 'f2pool', 'antpool', 'ocean', 'csv')),
  account        TEXT COLLATE "C" NOT NULL CHECK (account <> ''),
  date           TEXT COLLATE "C" NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  site_id        TEXT COLLATE "C" NOT NULL,
  credited_sats  BIGINT NOT NULL CHECK (credited_sats >= 0),
  recorded_at_ms BIGINT NOT NULL,
  revisions      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, account, date)
);
CREATE INDEX pool_credits_site_date ON pool_credits (site_id, date);

-- The site meter's last reading per minute. NULL = the meter did not report that value.
CREATE TABLE meter_minutes (
  site_id            TEXT COLLATE "C" NOT NULL,
  minute_ms          BIGINT NOT NULL,
  at_ms              BIGINT NOT NULL,
  active_power_w     DOUBLE PRECISION,
  imported_energy_wh DOUBLE PRECISION,
  exported_energy_wh DOUBLE PRECISION,
  PRIMARY KEY (site_id, minute_ms)
);

-- Energy per interval: utility interval data (15 min), or derived from meter registers / device power.
CREATE TABLE energy_intervals (
  site_id   TEXT COLLATE "C" NOT NULL,
  source    TEXT NOT NULL CHECK (source IN ('utility-csv', 'meter', 'device-sum')),
  start_ms  BIGINT NOT NULL,
  end_ms    BIGINT NOT NULL CHECK (end_ms > start_ms),
  energy_wh BIGINT NOT NULL CHECK (energy_wh >= 0),
  PRIMARY KEY (site_id, source, start_ms)
);
