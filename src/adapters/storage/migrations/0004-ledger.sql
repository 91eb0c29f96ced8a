-- The persistent double-entry ledger (core/ports/ledger-repository.ts). Amounts are exact whole
-- units: BIGINT satoshis or micro-USD, never floats. A posting is booked once per key; its lines
-- must balance per posting (debits = credits), which the application checks first and a deferred
-- constraint trigger checks again at commit. Booked postings are never changed or deleted.

CREATE TABLE ledger_postings (
  key         TEXT COLLATE "C" PRIMARY KEY CHECK (key <> ''),
  -- Insertion order: postings of one day are listed in the order they were booked.
  seq         BIGSERIAL NOT NULL UNIQUE,
  -- UTC day, YYYY-MM-DD (text so that period prefixes such as 2025-09 compare as in the application).
  date        TEXT COLLATE "C" NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  unit        TEXT NOT NULL CHECK (unit IN ('sats', 'micro-usd')),
  memo        TEXT,
  -- What makes a repeated key the same posting (date, unit, lines): compared on a re-post.
  fingerprint TEXT NOT NULL
);
CREATE INDEX ledger_postings_date ON ledger_postings (date, seq);

CREATE TABLE ledger_lines (
  posting_key TEXT COLLATE "C" NOT NULL REFERENCES ledger_postings (key),
  position    INTEGER NOT NULL CHECK (position > 0),
  account     TEXT COLLATE "C" NOT NULL,
  side        TEXT NOT NULL CHECK (side IN ('debit', 'credit')),
  amount      BIGINT NOT NULL CHECK (amount > 0),
  PRIMARY KEY (posting_key, position)
);
CREATE INDEX ledger_lines_account ON ledger_lines (account, posting_key);

-- Every posting touched by a transaction has at least two lines and balances, checked at commit
-- (after all of its lines are in).
CREATE FUNCTION ledger_posting_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lines   INTEGER;
  net     NUMERIC;
BEGIN
  SELECT count(*), COALESCE(sum(CASE side WHEN 'debit' THEN amount ELSE -amount END), 0)
    INTO lines, net
    FROM ledger_lines WHERE posting_key = NEW.posting_key;
  IF lines < 2 OR net <> 0 THEN
    RAISE EXCEPTION 'ledger posting % does not balance (% lines, debits - credits = %)',
      NEW.posting_key, lines, net USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_lines_balance
  AFTER INSERT ON ledger_lines
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_posting_balances();

-- The books are append-only: a correction is a new posting.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '23514';
END $$;

CREATE TRIGGER ledger_postings_append_only
  BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_lines_append_only
  BEFORE UPDATE OR DELETE ON ledger_lines
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
