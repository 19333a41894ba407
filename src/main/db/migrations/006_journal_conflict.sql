-- foreign_keys: off
-- Journal safety (issue 9 points 1, 3, 5, 6): the CONFLICT state, EnKash's side of a conflict, a flag a person
-- should look at, the exact request each departure sent (a resend repeats it, never a rebuild) and the proof
-- that Search Payouts can say "not found" in an environment.
--
-- payouts.state has a CHECK (001), so adding CONFLICT means rebuilding the table: create the new one, copy
-- every row with its id, drop the old one, rename, recreate indexes and triggers. recon_lines,
-- recon_payout_issues and payouts.retry_of_payout_id reference payouts(id), and DROP TABLE would count their
-- rows as violations even under defer_foreign_keys, so the first line asks the runner (db/open.ts) to switch
-- foreign keys off around this migration; it runs `PRAGMA foreign_key_check` before committing, so a broken
-- reference still rolls everything back.

CREATE TABLE payouts_new (
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
                                  'SUCCESS', 'FAILED', 'REVERSED', 'REJECTED', 'UNKNOWN', 'CANCELLED', 'CONFLICT')),
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
  retry_of_payout_id    INTEGER REFERENCES payouts (id),
  last_route            TEXT CHECK (last_route IN ('batch', 'single')),
  searched_at           TEXT,
  checks                INTEGER NOT NULL DEFAULT 0 CHECK (checks >= 0),
  requested_transaction_id TEXT,
  mode_defaulted        INTEGER NOT NULL DEFAULT 0 CHECK (mode_defaulted IN (0, 1)),
  account_last4         TEXT
    GENERATED ALWAYS AS (CASE WHEN length(account_number) >= 4 THEN substr(account_number, -4) END) VIRTUAL,
  -- EnKash's side of a CONFLICT (JSON: amount, payee fields, mode, status, enkash id, which fields differ).
  conflict              TEXT,
  -- Something a person should look at: `unknown_status` (EnKash said a word we do not know, kept verbatim in
  -- enkash_status), `no_amount` (a found record without an amount: not adopted).
  flag                  TEXT,
  -- JSON list of earlier transactionIds of this row ("not ours" on a CONFLICT mints a new one).
  previous_transaction_ids TEXT
);

INSERT INTO payouts_new (id, batch_id, chunk_id, row_number, transaction_id, beneficiary_id, payee_name,
  account_number, ifsc, vpa, email, phone, amount_paise, mode, remark, reference, state, enkash_status,
  enkash_transaction_id, utr, reject_code, failure_reason, attempts, created_at, sent_at, accepted_at, final_at,
  updated_at, next_check_at, retry_of_payout_id, last_route, searched_at, checks, requested_transaction_id,
  mode_defaulted)
SELECT id, batch_id, chunk_id, row_number, transaction_id, beneficiary_id, payee_name,
  account_number, ifsc, vpa, email, phone, amount_paise, mode, remark, reference, state, enkash_status,
  enkash_transaction_id, utr, reject_code, failure_reason, attempts, created_at, sent_at, accepted_at, final_at,
  updated_at, next_check_at, retry_of_payout_id, last_route, searched_at, checks, requested_transaction_id,
  mode_defaulted
FROM payouts;

DROP TABLE payouts;
ALTER TABLE payouts_new RENAME TO payouts;

-- 001
CREATE INDEX payouts_batch ON payouts (batch_id, row_number);
CREATE INDEX payouts_state_check ON payouts (state, next_check_at);
CREATE INDEX payouts_created ON payouts (created_at);
CREATE INDEX payouts_utr ON payouts (utr) WHERE utr IS NOT NULL;
CREATE INDEX payouts_payee ON payouts (account_number, ifsc);
CREATE INDEX payouts_vpa ON payouts (vpa) WHERE vpa IS NOT NULL;
-- 002
CREATE UNIQUE INDEX payouts_txn_upper ON payouts (upper(transaction_id));
CREATE INDEX payouts_chunk ON payouts (chunk_id);
CREATE INDEX payouts_retry_of ON payouts (retry_of_payout_id) WHERE retry_of_payout_id IS NOT NULL;
CREATE INDEX payouts_beneficiary ON payouts (beneficiary_id) WHERE beneficiary_id IS NOT NULL;
CREATE INDEX payouts_payee_name ON payouts (lower(payee_name)) WHERE payee_name IS NOT NULL;
CREATE INDEX payouts_requested_txn ON payouts (upper(requested_transaction_id)) WHERE requested_transaction_id IS NOT NULL;
-- 003
CREATE INDEX payouts_last4 ON payouts (account_last4, created_at) WHERE account_last4 IS NOT NULL;
CREATE INDEX payouts_amount ON payouts (amount_paise);
CREATE INDEX payouts_mode_created ON payouts (mode, created_at);
CREATE INDEX payouts_state_created ON payouts (state, created_at);
CREATE INDEX payouts_enkash_txn ON payouts (enkash_transaction_id) WHERE enkash_transaction_id IS NOT NULL;
CREATE INDEX payouts_final ON payouts (final_at) WHERE final_at IS NOT NULL;
CREATE INDEX payouts_accepted ON payouts (accepted_at) WHERE accepted_at IS NOT NULL;

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

-- new
CREATE INDEX payouts_conflict ON payouts (state) WHERE state = 'CONFLICT';

-- The exact request of each first departure (our validated request object, JSON), committed with SENDING.
-- A resend repeats it — same chunk, same ids, same amounts and payees — whatever Settings say today.
CREATE TABLE sent_requests (
  id         INTEGER PRIMARY KEY,
  kind       TEXT    NOT NULL CHECK (kind IN ('batch', 'single')),
  chunk_id   INTEGER REFERENCES chunks (id),
  payout_id  INTEGER REFERENCES payouts (id),
  -- For a single request: the transactionId it carries (a row that got a new id no longer matches it).
  transaction_id TEXT,
  body       TEXT    NOT NULL,
  created_at TEXT    NOT NULL,
  CHECK ((kind = 'batch' AND chunk_id IS NOT NULL AND payout_id IS NULL)
      OR (kind = 'single' AND payout_id IS NOT NULL AND transaction_id IS NOT NULL))
);
CREATE UNIQUE INDEX sent_requests_chunk ON sent_requests (chunk_id) WHERE kind = 'batch';
CREATE INDEX sent_requests_payout ON sent_requests (payout_id, id) WHERE kind = 'single';

-- Proof that Search Payouts answers for this environment (issue 9 point 5): a search that found a payout we know
-- landed. "Not found" counts only while the fingerprint (base URL, search path, paging switches, key
-- derivation) still equals the one the proof was made with.
CREATE TABLE search_proofs (
  environment    TEXT PRIMARY KEY,
  fingerprint    TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  source         TEXT NOT NULL CHECK (source IN ('landed', 'probe')),
  proven_at      TEXT NOT NULL
);

-- The last time Search Payouts could not be used in an environment (404, HTML, unparseable): shown to the user,
-- cleared by the next search that answers a list.
CREATE TABLE search_health (
  environment TEXT PRIMARY KEY,
  state       TEXT NOT NULL CHECK (state IN ('unavailable', 'unproven')),
  detail      TEXT NOT NULL,
  checked_at  TEXT NOT NULL
);
