-- A quote books at most one lease: its use is recorded in the booking's transaction, and a second
-- booking from the same quote (under another idempotency key) finds the row and is refused.
CREATE TABLE gpu_quote_uses (
  quote_id TEXT COLLATE "C" PRIMARY KEY,
  lease_id TEXT COLLATE "C" NOT NULL
);

-- What a lease commits the tenant to at booking, cents (reserved: its whole term; batch: its
-- GPU-hours; on-demand and interruptible: one hour). Open leases' commitments plus the month's
-- charges are held within the tenant's spending limit when booking. 0 for leases booked before.
ALTER TABLE gpu_leases ADD COLUMN committed_cents BIGINT NOT NULL DEFAULT 0 CHECK (committed_cents >= 0);
