-- Offline history, dashboard and bank-statement reconciliation (issue 6). New objects and ADD COLUMN only.

-- "Account (last 4 digits)" must be searchable through an index. A VIRTUAL generated column costs nothing in
-- the table row (only its index stores the value), is always in step with account_number, and can be added by
-- ALTER TABLE without copying the table.
ALTER TABLE payouts ADD COLUMN account_last4 TEXT
  GENERATED ALWAYS AS (CASE WHEN length(account_number) >= 4 THEN substr(account_number, -4) END) VIRTUAL;

-- History search: one index per filter that can drive a page. Each is as narrow as it can be: every index here
-- is paid for on each staged row, and staging 100,000 rows is a hot path (payee-name sorting is not offered:
-- it would need one more). The implicit rowid at the end of each index makes (key, id) keyset order free.
CREATE INDEX payouts_last4 ON payouts (account_last4, created_at) WHERE account_last4 IS NOT NULL;
CREATE INDEX payouts_amount ON payouts (amount_paise);
CREATE INDEX payouts_mode_created ON payouts (mode, created_at);
-- "All FAILED rows, newest first" must come off an index in order, not sort 900,000 SUCCESS rows.
CREATE INDEX payouts_state_created ON payouts (state, created_at);
-- Partial indexes on columns that are NULL at staging cost nothing there; they are filled as EnKash answers.
CREATE INDEX payouts_enkash_txn ON payouts (enkash_transaction_id) WHERE enkash_transaction_id IS NOT NULL;
-- Dashboard buckets outcomes by when they became final; reconciliation expects a debit by acceptance time.
CREATE INDEX payouts_final ON payouts (final_at) WHERE final_at IS NOT NULL;
CREATE INDEX payouts_accepted ON payouts (accepted_at) WHERE accepted_at IS NOT NULL;
CREATE INDEX batches_environment ON batches (environment, id);
CREATE INDEX balance_checks_env_at ON balance_checks (environment, checked_at);

-- Payee search by any word of the name, a beneficiary id or a VPA, through an index: "kum" finds "Ravi Kumar",
-- which LIKE '%kum%' could only do by reading every row. The index is contentless (no copy of the text) and
-- detail=none (word -> rows only, enough for word-prefix search). Prefixes of 2-6 letters are indexed too:
-- what people type into a search box; it makes "kum" over a million rows ~3x faster for ~4x the (small) size.
--
-- It is NOT kept by an AFTER INSERT trigger: FTS5 behind a per-row trigger made staging 100,000 rows ~4x
-- slower, while indexing the same rows in one INSERT … SELECT takes ~40 ms. So history catches the index up
-- before each payee search (services/history/payee-index.ts): rows above `indexed_to` are added in bulk, and
-- rows already indexed whose payee fields changed (an edit of a REJECTED row) are queued here by a trigger
-- that only fires for those three columns, never for state changes.
CREATE VIRTUAL TABLE payouts_payee_fts USING fts5(
  payee_name, beneficiary_id, vpa,
  content = '', contentless_delete = 1, detail = none, prefix = '2 3 4 5 6',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE payee_index_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_to INTEGER NOT NULL
);
INSERT INTO payee_index_state (id, indexed_to) VALUES (1, 0);

CREATE TABLE payee_index_dirty (payout_id INTEGER PRIMARY KEY);

CREATE TRIGGER payouts_payee_changed AFTER UPDATE OF payee_name, beneficiary_id, vpa ON payouts
WHEN old.id <= (SELECT indexed_to FROM payee_index_state WHERE id = 1)
BEGIN
  INSERT OR IGNORE INTO payee_index_dirty (payout_id) VALUES (old.id);
END;

CREATE TRIGGER payouts_payee_deleted AFTER DELETE ON payouts
WHEN old.id <= (SELECT indexed_to FROM payee_index_state WHERE id = 1)
BEGIN
  INSERT OR IGNORE INTO payee_index_dirty (payout_id) VALUES (old.id);
END;

-- One fetch of the bank statement and what it was matched to, kept so the result can be viewed (and exported)
-- offline later, and so a later run never rewrites what an earlier one showed the auditor.
CREATE TABLE recon_runs (
  id                INTEGER PRIMARY KEY,
  environment       TEXT    NOT NULL,
  -- The requested range as IST calendar days (inclusive), and the UTC instants it covers.
  from_date         TEXT    NOT NULL,
  to_date           TEXT    NOT NULL,
  range_start       TEXT    NOT NULL,
  range_end         TEXT    NOT NULL,
  -- The statement was fetched with a margin either side so payouts near the edges still find their lines.
  fetched_start     TEXT    NOT NULL,
  fetched_end       TEXT    NOT NULL,
  debit_account     TEXT,
  request_ids       TEXT    NOT NULL DEFAULT '[]',
  created_at        TEXT    NOT NULL,
  line_count        INTEGER NOT NULL CHECK (line_count >= 0),
  matched_lines     INTEGER NOT NULL CHECK (matched_lines >= 0),
  unmatched_lines   INTEGER NOT NULL CHECK (unmatched_lines >= 0),
  unmatched_payouts INTEGER NOT NULL CHECK (unmatched_payouts >= 0),
  flagged           INTEGER NOT NULL CHECK (flagged >= 0),
  debit_paise       INTEGER NOT NULL,
  credit_paise      INTEGER NOT NULL,
  summary           TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX recon_runs_env ON recon_runs (environment, id);

CREATE TABLE recon_lines (
  id                    INTEGER PRIMARY KEY,
  run_id                INTEGER NOT NULL REFERENCES recon_runs (id),
  -- Position in the statement as EnKash returned it.
  seq                   INTEGER NOT NULL,
  -- 0: inside the margin only (used for matching, never reported as unmatched).
  in_range              INTEGER NOT NULL CHECK (in_range IN (0, 1)),
  transaction_id        TEXT,
  transaction_date      TEXT,
  value_date            TEXT,
  -- EnKash's own type string, verbatim (its values are undocumented), and our reading of it.
  transaction_type      TEXT,
  direction             TEXT    NOT NULL CHECK (direction IN ('DEBIT', 'CREDIT', 'UNKNOWN')),
  remarks               TEXT,
  reference_number      TEXT,
  mode                  TEXT,
  amount_paise          INTEGER NOT NULL CHECK (amount_paise >= 0),
  running_balance_paise INTEGER,
  payout_id             INTEGER REFERENCES payouts (id),
  method                TEXT    CHECK (method IN ('utr', 'transaction_id', 'enkash_id', 'remarks', 'reference', 'amount_date')),
  -- Percent, shown beside the match: 100 for an id match, lower for a guess by amount and date.
  confidence            INTEGER CHECK (confidence BETWEEN 0 AND 100),
  role                  TEXT    CHECK (role IN ('payment', 'refund', 'reversal')),
  -- The payout's state when this run was made (the view must not change when the payout later does).
  payout_state          TEXT,
  flag                  TEXT,
  note                  TEXT,
  UNIQUE (run_id, seq)
);
CREATE INDEX recon_lines_payout ON recon_lines (payout_id) WHERE payout_id IS NOT NULL;
CREATE INDEX recon_lines_unmatched ON recon_lines (run_id, payout_id, seq);
CREATE INDEX recon_lines_flag ON recon_lines (run_id, flag) WHERE flag IS NOT NULL;

-- Payouts the statement should show but does not (or shows incompletely), per run.
CREATE TABLE recon_payout_issues (
  run_id       INTEGER NOT NULL REFERENCES recon_runs (id),
  payout_id    INTEGER NOT NULL REFERENCES payouts (id),
  issue        TEXT    NOT NULL,
  payout_state TEXT    NOT NULL,
  note         TEXT,
  PRIMARY KEY (run_id, payout_id, issue)
);
