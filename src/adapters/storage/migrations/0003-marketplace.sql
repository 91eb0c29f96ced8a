-- The GPU marketplace: tenants, capacity pools, quotes, leases, meter segments, invoices.
-- Capacity is enforced here, not in application code: a pool's booked GPUs (`booked_gpus`) and a
-- tenant's held GPUs (`gpus_held`) are counters kept in the same transaction as the leases that
-- take and release them, and CHECK constraints keep them within the totals whatever races.
-- (`leases` is the leader-lease table of 0001; the marketplace's leases are `gpu_leases`.)

CREATE TABLE tenants (
  id                   TEXT COLLATE "C" PRIMARY KEY,
  name                 TEXT NOT NULL,
  spending_limit_cents BIGINT NOT NULL CHECK (spending_limit_cents >= 0),
  max_gpus             INTEGER NOT NULL CHECK (max_gpus >= 0),
  -- GPUs in the tenant's leases that are not in a terminal state.
  gpus_held            INTEGER NOT NULL DEFAULT 0,
  created_at_ms        BIGINT NOT NULL,
  CONSTRAINT tenants_quota CHECK (gpus_held >= 0 AND gpus_held <= max_gpus)
);

CREATE TABLE gpu_pools (
  site_id                TEXT COLLATE "C" NOT NULL,
  group_id               TEXT COLLATE "C" NOT NULL,
  region                 TEXT NOT NULL,
  gpu_model              TEXT NOT NULL,
  total_gpus             INTEGER NOT NULL,
  gpus_per_node          INTEGER NOT NULL CHECK (gpus_per_node > 0),
  preempt_notice_seconds INTEGER NOT NULL CHECK (preempt_notice_seconds >= 0),
  -- GPUs in leases on this pool that are not in a terminal state.
  booked_gpus            INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, group_id),
  CONSTRAINT gpu_pools_capacity CHECK (booked_gpus >= 0 AND booked_gpus <= total_gpus)
);

CREATE TABLE gpu_quotes (
  id                      TEXT COLLATE "C" PRIMARY KEY,
  tenant_id               TEXT NOT NULL,
  site_id                 TEXT NOT NULL,
  group_id                TEXT NOT NULL,
  gpu_model               TEXT NOT NULL,
  tier                    TEXT NOT NULL CHECK (tier IN ('reserved', 'on-demand', 'interruptible', 'batch')),
  gpus                    INTEGER NOT NULL,
  rate_cents_per_gpu_hour BIGINT NOT NULL,
  components              JSONB NOT NULL,
  term_hours              DOUBLE PRECISION,
  batch_gpu_hours         DOUBLE PRECISION,
  batch_deadline_ms       BIGINT,
  green_share             DOUBLE PRECISION NOT NULL,
  created_at_ms           BIGINT NOT NULL,
  expires_at_ms           BIGINT NOT NULL,
  CHECK ((batch_gpu_hours IS NULL) = (batch_deadline_ms IS NULL))
);

CREATE TABLE gpu_leases (
  id                      TEXT COLLATE "C" PRIMARY KEY,
  tenant_id               TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
  quote_id                TEXT NOT NULL,
  idempotency_key         TEXT NOT NULL,
  site_id                 TEXT COLLATE "C" NOT NULL,
  group_id                TEXT COLLATE "C" NOT NULL,
  gpu_model               TEXT NOT NULL,
  tier                    TEXT NOT NULL CHECK (tier IN ('reserved', 'on-demand', 'interruptible', 'batch')),
  gpus                    INTEGER NOT NULL CHECK (gpus > 0),
  rate_cents_per_gpu_hour BIGINT NOT NULL,
  state                   TEXT NOT NULL CHECK (state IN ('pending', 'provisioning', 'running', 'preempting',
                                                         'preempted', 'completed', 'failed', 'cancelled')),
  created_at_ms           BIGINT NOT NULL,
  term_ends_at_ms         BIGINT,
  batch_gpu_hours         DOUBLE PRECISION,
  batch_deadline_ms       BIGINT,
  preempt_at_ms           BIGINT,
  placements              JSONB NOT NULL,
  -- Oldest first; the last one is the current state.
  transitions             JSONB NOT NULL,
  CONSTRAINT gpu_leases_idempotency UNIQUE (tenant_id, idempotency_key),
  CHECK ((batch_gpu_hours IS NULL) = (batch_deadline_ms IS NULL))
);
CREATE INDEX gpu_leases_tenant ON gpu_leases (tenant_id, created_at_ms);
CREATE INDEX gpu_leases_site ON gpu_leases (site_id, group_id);
CREATE INDEX gpu_leases_open ON gpu_leases (state)
  WHERE state NOT IN ('preempted', 'completed', 'failed', 'cancelled');

CREATE TABLE meter_segments (
  lease_id  TEXT COLLATE "C" NOT NULL REFERENCES gpu_leases (id),
  seq       INTEGER NOT NULL,
  state     TEXT NOT NULL CHECK (state IN ('running', 'preempting', 'reserved')),
  from_ms   BIGINT NOT NULL,
  to_ms     BIGINT NOT NULL,
  gpus      INTEGER NOT NULL,
  energy_wh DOUBLE PRECISION NOT NULL,
  green_wh  DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (lease_id, seq)
);
CREATE INDEX meter_segments_window ON meter_segments (from_ms, to_ms);

-- One invoice per tenant and month; re-issuing replaces it.
CREATE TABLE invoices (
  tenant_id     TEXT COLLATE "C" NOT NULL,
  month         TEXT COLLATE "C" NOT NULL,
  id            TEXT NOT NULL,
  lines         JSONB NOT NULL,
  total_cents   BIGINT NOT NULL,
  energy_wh     DOUBLE PRECISION NOT NULL,
  green_wh      DOUBLE PRECISION NOT NULL,
  issued_at_ms  BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, month)
);
CREATE INDEX invoices_month ON invoices (month);
