-- The pool's own view of an account's average hashrate over a credited day, H/s (issue 15): the
-- earnings check names "pool-side hashrate below the agent's" from it. NULL: the pool did not say.
-- NUMERIC: a large account's H/s passes BIGINT's range.
ALTER TABLE pool_credits ADD COLUMN pool_hashrate_hs NUMERIC(30, 0) CHECK (pool_hashrate_hs >= 0);
