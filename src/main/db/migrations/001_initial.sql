-- First schema. Money is INTEGER paise; timestamps are ISO-8601 UTC text; states are checked here too, so
-- a bug elsewhere cannot write a state the journal does not know.

CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  file_name     TEXT    NOT NULL,
  sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
  kind          TEXT    NOT NULL CHECK (kind IN ('payouts', 'beneficiaries')),
  row_count     INTEGER NOT NULL CHECK (row_count >= 0),
  valid_count   INTEGER NOT NULL CHECK (valid_count >= 0),
  error_count   INTEGER NOT NULL CHECK (error_count >= 0),
  warning_count INTEGER NOT NULL CHECK (warning_count >= 0),
  total_paise   INTEGER NOT NULL CHECK (total_paise >= 0),
  environment   TEXT    NOT NULL,
  created_at    TEXT    NOT NULL
);
CREATE INDEX imports_sha256 ON imports (sha256);

CREATE TABLE batches (
  id              INTEGER PRIMARY KEY,
  import_id       INTEGER REFERENCES imports (id),
  parent_batch_id INTEGER REFERENCES batches (id),
  name            TEXT    NOT NULL,
  environment     TEXT    NOT NULL,
  state           TEXT    NOT NULL CHECK (state IN ('DRAFT', 'CONFIRMED', 'SENDING', 'PAUSED', 'SENT', 'CANCELLED')),
  row_count       INTEGER NOT NULL CHECK (row_count >= 0),
  total_paise     INTEGER NOT NULL CHECK (total_paise >= 0),
  created_at      TEXT    NOT NULL,
  confirmed_at    TEXT,
  finished_at     TEXT
);
CREATE INDEX batches_created ON batches (created_at);

-- One batchTransactionId per chunk, committed before the chunk is sent (the journal protocol).
CREATE TABLE chunks (
  id                   INTEGER PRIMARY KEY,
  batch_id             INTEGER NOT NULL REFERENCES batches (id),
  seq                  INTEGER NOT NULL,
  batch_transaction_id TEXT    NOT NULL UNIQUE,
  state                TEXT    NOT NULL CHECK (state IN ('READY', 'SENDING', 'SENT', 'UNKNOWN')),
  sent_at              TEXT,
  UNIQUE (batch_id, seq)
);

CREATE TABLE payouts (
  id                    INTEGER PRIMARY KEY,
  batch_id              INTEGER NOT NULL REFERENCES batches (id),
  chunk_id              INTEGER REFERENCES chunks (id),
  row_number            INTEGER NOT NULL,
  transaction_id        TEXT    NOT NULL UNIQUE CHECK (transaction_id NOT GLOB '*[^A-Za-z0-9]*' AND length(transaction_id) BETWEEN 1 AND 30),
  beneficiary_id        TEXT,
  payee_name            TEXT,
  account_number        TEXT,
  ifsc                  TEXT,
  vpa                   TEXT,
  email                 TEXT,
  phone                 TEXT,
  amount_paise          INTEGER NOT NULL CHECK (amount_paise > 0),
  mode                  TEXT    NOT NULL CHECK (mode IN ('IMPS', 'NEFT', 'RTGS', 'UPI')),
  remark                TEXT,
  reference             TEXT,
  state                 TEXT    NOT NULL CHECK (state IN ('DRAFT', 'READY', 'SENDING', 'PENDING', 'PROCESSING',
                                  'SUCCESS', 'FAILED', 'REVERSED', 'REJECTED', 'UNKNOWN', 'CANCELLED')),
  -- EnKash's own status string, kept verbatim even when we do not know it.
  enkash_status         TEXT,
  enkash_transaction_id TEXT,
  utr                   TEXT,
  reject_code           TEXT,
  failure_reason        TEXT,
  attempts              INTEGER NOT NULL DEFAULT 0,
  created_at            TEXT    NOT NULL,
  sent_at               TEXT,
  accepted_at           TEXT,
  final_at              TEXT,
  updated_at            TEXT    NOT NULL,
  next_check_at         TEXT,
  retry_of_payout_id    INTEGER REFERENCES payouts (id)
);
CREATE INDEX payouts_batch ON payouts (batch_id, row_number);
CREATE INDEX payouts_state_check ON payouts (state, next_check_at);
CREATE INDEX payouts_created ON payouts (created_at);
CREATE INDEX payouts_utr ON payouts (utr) WHERE utr IS NOT NULL;
CREATE INDEX payouts_payee ON payouts (account_number, ifsc);
CREATE INDEX payouts_vpa ON payouts (vpa) WHERE vpa IS NOT NULL;

CREATE TABLE beneficiaries (
  beneficiary_id TEXT PRIMARY KEY,
  environment    TEXT NOT NULL,
  name           TEXT NOT NULL,
  account_number TEXT,
  ifsc           TEXT,
  vpa            TEXT,
  email          TEXT,
  phone          TEXT,
  address        TEXT,
  city           TEXT,
  state          TEXT,
  pincode        TEXT,
  created_at     TEXT NOT NULL,
  deleted_at     TEXT
);

CREATE TABLE balance_checks (
  id            INTEGER PRIMARY KEY,
  environment   TEXT    NOT NULL,
  balance_paise INTEGER NOT NULL,
  checked_at    TEXT    NOT NULL
);

-- Append-only: every state transition, each entry hashing the previous one so an edit breaks the chain.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  action     TEXT NOT NULL,
  from_state TEXT,
  to_state   TEXT,
  data       TEXT NOT NULL DEFAULT '{}',
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
