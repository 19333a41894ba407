-- The payout journal (issue 5): what the submission engine and the reconciler need beyond 001.
-- ADD COLUMN only, so a 001 database upgrades in place without copying tables.

-- 'sheet' (a staged import), 'single' (one payee typed in), 'retry' (failed rows of a parent batch).
ALTER TABLE batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'sheet' CHECK (kind IN ('sheet', 'single', 'retry'));
-- Why the engine paused a batch by itself (login refused, EnKash unreachable), shown to the user.
ALTER TABLE batches ADD COLUMN last_error TEXT;

-- 1 once EnKash has certainly seen this batchTransactionId (a row of it was found, or it answered 409):
-- from then on the chunk is never re-posted, its unresolved rows are resent one by one (same transactionId).
ALTER TABLE chunks ADD COLUMN landed INTEGER NOT NULL DEFAULT 0 CHECK (landed IN (0, 1));
ALTER TABLE chunks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);

-- How the row's last request went out: inside its chunk's batch call, or alone on the single-payout call.
ALTER TABLE payouts ADD COLUMN last_route TEXT CHECK (last_route IN ('batch', 'single'));
-- Last Search Payouts that did NOT find this row; a resend needs one made after the grace period.
ALTER TABLE payouts ADD COLUMN searched_at TEXT;
-- Status checks since the last state change (drives the poller's backoff).
ALTER TABLE payouts ADD COLUMN checks INTEGER NOT NULL DEFAULT 0 CHECK (checks >= 0);
-- The sheet's own transactionId when it was already used in history: the row is staged under a minted id
-- and pre-flight blocks the batch until the row is removed.
ALTER TABLE payouts ADD COLUMN requested_transaction_id TEXT;
ALTER TABLE payouts ADD COLUMN mode_defaulted INTEGER NOT NULL DEFAULT 0 CHECK (mode_defaulted IN (0, 1));

-- EnKash may compare ids case-insensitively, so "abc1" and "ABC1" are the same payout to us as well.
CREATE UNIQUE INDEX payouts_txn_upper ON payouts (upper(transaction_id));
CREATE INDEX payouts_chunk ON payouts (chunk_id);
CREATE INDEX payouts_retry_of ON payouts (retry_of_payout_id) WHERE retry_of_payout_id IS NOT NULL;
CREATE INDEX payouts_beneficiary ON payouts (beneficiary_id) WHERE beneficiary_id IS NOT NULL;
CREATE INDEX payouts_payee_name ON payouts (lower(payee_name)) WHERE payee_name IS NOT NULL;
CREATE INDEX payouts_requested_txn ON payouts (upper(requested_transaction_id)) WHERE requested_transaction_id IS NOT NULL;
CREATE INDEX batches_state ON batches (state);
