-- SSH public keys tenants register to reach their interactive allocations
-- (core/marketplace/ssh-public-key.ts): checked before they are stored; the id is derived from the
-- fingerprint, so registering the same key twice keeps the first.
CREATE TABLE tenant_ssh_keys (
  tenant_id     TEXT NOT NULL,
  id            TEXT NOT NULL,
  type          TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,
  bits          INTEGER NOT NULL,
  public_key    TEXT NOT NULL,
  comment       TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
