-- PostgreSQL twin of SQLite's 002_journal.sql.
ALTER TABLE batches ADD COLUMN kind text NOT NULL DEFAULT 'sheet' CHECK (kind IN ('sheet', 'single', 'retry'));
ALTER TABLE batches ADD COLUMN last_error text;

ALTER TABLE chunks ADD COLUMN landed integer NOT NULL DEFAULT 0 CHECK (landed IN (0, 1));
ALTER TABLE chunks ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);

ALTER TABLE payouts ADD COLUMN last_route text CHECK (last_route IN ('batch', 'single'));
ALTER TABLE payouts ADD COLUMN searched_at text;
ALTER TABLE payouts ADD COLUMN checks integer NOT NULL DEFAULT 0 CHECK (checks >= 0);
ALTER TABLE payouts ADD COLUMN requested_transaction_id text;
ALTER TABLE payouts ADD COLUMN mode_defaulted integer NOT NULL DEFAULT 0 CHECK (mode_defaulted IN (0, 1));

CREATE UNIQUE INDEX payouts_txn_upper ON payouts (upper(transaction_id));
CREATE INDEX payouts_chunk ON payouts (chunk_id);
CREATE INDEX payouts_retry_of ON payouts (retry_of_payout_id) WHERE retry_of_payout_id IS NOT NULL;
CREATE INDEX payouts_beneficiary ON payouts (beneficiary_id) WHERE beneficiary_id IS NOT NULL;
CREATE INDEX payouts_payee_name ON payouts (lower(payee_name)) WHERE payee_name IS NOT NULL;
CREATE INDEX payouts_requested_txn ON payouts (upper(requested_transaction_id)) WHERE requested_transaction_id IS NOT NULL;
CREATE INDEX batches_state ON batches (state);
