-- What a GPU lease runs (core/marketplace/lease-workload.ts): a script, a command with its
-- environment, or an interactive allocation with the tenant's SSH public key. Keyed like the lease's
-- booking (tenant, idempotency key), so it is stored before the lease is booked and a retried
-- booking finds the same one: the first stored workload of a key is kept.
CREATE TABLE gpu_lease_workloads (
  tenant_id       TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  workload        JSONB NOT NULL,
  created_at_ms   BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, idempotency_key)
);
