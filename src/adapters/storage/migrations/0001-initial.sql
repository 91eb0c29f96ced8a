-- Switchyard control-plane schema, version 1.
-- Times are BIGINT epoch milliseconds (UTC); money is BIGINT cents; documents are JSONB.
-- Identifiers that results are sorted by use the "C" collation: byte order, the same on every server
-- (and as JavaScript sorts them), whatever the database locale.

CREATE TABLE sites (
  id            TEXT COLLATE "C" PRIMARY KEY,
  doc           JSONB NOT NULL,
  version       INTEGER NOT NULL CHECK (version > 0),
  updated_at_ms BIGINT NOT NULL
);

CREATE TABLE audit_entries (
  id      BIGSERIAL PRIMARY KEY,
  at_ms   BIGINT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL,
  details JSONB NOT NULL
);
CREATE INDEX audit_entries_at ON audit_entries (at_ms DESC, id DESC);
CREATE INDEX audit_entries_target_at ON audit_entries (target, at_ms DESC, id DESC);

CREATE TABLE api_keys (
  id            TEXT COLLATE "C" PRIMARY KEY,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'tenant', 'agent')),
  site_id       TEXT,
  tenant_id     TEXT,
  secret_hash   TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  revoked_at_ms BIGINT
);

-- Telemetry ------------------------------------------------------------------------------------

-- One row per stored batch: a batch delivered again is recognised by its id and ignored.
CREATE TABLE telemetry_batches (
  batch_id       TEXT PRIMARY KEY,
  site_id        TEXT NOT NULL,
  sent_at_ms     BIGINT NOT NULL,
  readings       INTEGER NOT NULL
);
CREATE INDEX telemetry_batches_sent ON telemetry_batches (sent_at_ms);

-- Raw readings, kept for the minute retention so a late batch recomputes its minutes correctly.
CREATE TABLE telemetry_readings (
  site_id      TEXT COLLATE "C" NOT NULL,
  minute_ms    BIGINT NOT NULL,
  device_id    TEXT COLLATE "C" NOT NULL,
  at_ms        BIGINT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('miner', 'gpu')),
  state        TEXT NOT NULL,
  hashrate_ths DOUBLE PRECISION,
  power_w      DOUBLE PRECISION,
  max_temp_c   DOUBLE PRECISION,
  utilisation  DOUBLE PRECISION,
  PRIMARY KEY (site_id, minute_ms, device_id, at_ms)
);

-- The newest reading of every device.
CREATE TABLE device_latest (
  site_id      TEXT COLLATE "C" NOT NULL,
  device_id    TEXT COLLATE "C" NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('miner', 'gpu')),
  at_ms        BIGINT NOT NULL,
  state        TEXT NOT NULL,
  hashrate_ths DOUBLE PRECISION,
  power_w      DOUBLE PRECISION,
  max_temp_c   DOUBLE PRECISION,
  utilisation  DOUBLE PRECISION,
  PRIMARY KEY (site_id, device_id)
);

CREATE TABLE site_minutes (
  site_id        TEXT NOT NULL,
  minute_ms      BIGINT NOT NULL,
  hashrate_ths   DOUBLE PRECISION NOT NULL,
  mining_power_w DOUBLE PRECISION NOT NULL,
  ai_power_w     DOUBLE PRECISION NOT NULL,
  max_temp_c     DOUBLE PRECISION,
  devices_up     INTEGER NOT NULL,
  devices_down   INTEGER NOT NULL,
  readings       INTEGER NOT NULL,
  PRIMARY KEY (site_id, minute_ms)
);
CREATE INDEX site_minutes_minute ON site_minutes (minute_ms);

-- Hourly history: sums over the minutes compacted into the hour, so an hour compacted in two
-- passes still averages correctly (mean = sum / minutes).
CREATE TABLE site_hours (
  site_id            TEXT NOT NULL,
  hour_ms            BIGINT NOT NULL,
  minutes            INTEGER NOT NULL,
  hashrate_ths_sum   DOUBLE PRECISION NOT NULL,
  mining_power_w_sum DOUBLE PRECISION NOT NULL,
  ai_power_w_sum     DOUBLE PRECISION NOT NULL,
  max_temp_c         DOUBLE PRECISION,
  devices_up_sum     BIGINT NOT NULL,
  devices_down_sum   BIGINT NOT NULL,
  readings           BIGINT NOT NULL,
  PRIMARY KEY (site_id, hour_ms)
);
CREATE INDEX site_hours_hour ON site_hours (hour_ms);

-- Allocation -----------------------------------------------------------------------------------

CREATE TABLE allocation_runs (
  id                TEXT PRIMARY KEY,
  interval_start_ms BIGINT NOT NULL UNIQUE,
  started_at_ms     BIGINT NOT NULL,
  finished_at_ms    BIGINT,
  status            TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  runner            TEXT NOT NULL,
  inputs            JSONB NOT NULL,
  solve_ms          DOUBLE PRECISION,
  error             TEXT
);

CREATE TABLE allocation_decisions (
  run_id         TEXT NOT NULL REFERENCES allocation_runs (id) ON DELETE CASCADE ON UPDATE CASCADE,
  position       INTEGER NOT NULL,
  site_id        TEXT NOT NULL,
  decision       JSONB NOT NULL,
  explanation    JSONB NOT NULL,
  expected_cents BIGINT NOT NULL,
  error          TEXT,
  PRIMARY KEY (run_id, position)
);

-- The last sequence number issued per site; its row lock serialises concurrent issues.
CREATE TABLE setpoint_counters (
  site_id  TEXT PRIMARY KEY,
  last_seq BIGINT NOT NULL
);

CREATE TABLE setpoints (
  site_id           TEXT COLLATE "C" NOT NULL,
  seq               BIGINT NOT NULL,
  run_id            TEXT,
  issued_at_ms      BIGINT NOT NULL,
  expires_at_ms     BIGINT NOT NULL,
  mining_mw         DOUBLE PRECISION NOT NULL,
  ai_mw             DOUBLE PRECISION NOT NULL,
  battery_mw        DOUBLE PRECISION NOT NULL,
  curtailed         BOOLEAN NOT NULL,
  reason            TEXT NOT NULL,
  acked_at_ms       BIGINT,
  ack_ok            BOOLEAN,
  ack_message       TEXT,
  reached_mining_mw DOUBLE PRECISION,
  PRIMARY KEY (site_id, seq)
);
CREATE INDEX setpoints_issued ON setpoints (issued_at_ms);
CREATE INDEX setpoints_unacked ON setpoints (issued_at_ms) WHERE acked_at_ms IS NULL;

-- Alerts, grid events, curtailments ------------------------------------------------------------

CREATE TABLE alerts (
  id             BIGSERIAL PRIMARY KEY,
  at_ms          BIGINT NOT NULL,
  site_id        TEXT,
  severity       TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  kind           TEXT NOT NULL,
  message        TEXT NOT NULL,
  resolved_at_ms BIGINT
);
-- At most one open alert per (kind, site); a fleet-wide alert has no site.
CREATE UNIQUE INDEX alerts_open_kind_site ON alerts (kind, (COALESCE(site_id, ''))) WHERE resolved_at_ms IS NULL;
CREATE INDEX alerts_at ON alerts (at_ms DESC, id DESC);

CREATE TABLE grid_events (
  id              TEXT COLLATE "C" PRIMARY KEY,
  site_ids        JSONB NOT NULL,
  region          TEXT,
  start_ms        BIGINT NOT NULL,
  end_ms          BIGINT NOT NULL,
  shed_mw         DOUBLE PRECISION,
  received_at_ms  BIGINT NOT NULL,
  all_acked_at_ms BIGINT,
  created_by      TEXT NOT NULL
);
CREATE INDEX grid_events_window ON grid_events (start_ms, end_ms);

CREATE TABLE curtailments (
  id             TEXT COLLATE "C" PRIMARY KEY,
  site_ids       JSONB NOT NULL,
  region         TEXT,
  started_at_ms  BIGINT NOT NULL,
  released_at_ms BIGINT,
  reason         TEXT NOT NULL,
  created_by     TEXT NOT NULL
);
CREATE INDEX curtailments_active ON curtailments (started_at_ms) WHERE released_at_ms IS NULL;

-- Leadership -----------------------------------------------------------------------------------

CREATE TABLE leases (
  name          TEXT PRIMARY KEY,
  holder        TEXT NOT NULL,
  expires_at_ms BIGINT NOT NULL
);
