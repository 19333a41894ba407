-- Issue 12 point 3 (verify payees): the name the bank holds for an account, per environment + account + IFSC, as
-- EnKash's Verification Suite answered it (enkash-api.md §16), reused for `verificationCacheDays`. Only the
-- bank's answer is kept, never a verdict: the verdict is re-scored against whatever name the sheet has now.
-- Account numbers are stored as payouts store them (plain digits); no token or secret is stored here.
CREATE TABLE payee_verifications (
  environment         TEXT NOT NULL,
  account_number      TEXT NOT NULL CHECK (length(account_number) > 0),
  ifsc                TEXT NOT NULL CHECK (length(ifsc) = 11),
  status              TEXT NOT NULL CHECK (status IN ('verified', 'failed')),
  bank_name           TEXT,
  raw_status          TEXT,
  penny_drop          INTEGER NOT NULL CHECK (penny_drop IN (0, 1)),
  verified_at         TEXT NOT NULL,
  enkash_unique_id    TEXT,
  utr                 TEXT,
  customer_request_id TEXT NOT NULL,
  PRIMARY KEY (environment, account_number, ifsc)
);

-- Every check asked of EnKash, written BEFORE the call (the journal's intent-first habit) and given its outcome
-- after, so a crash mid-call leaves a 'sent' row that says a check (perhaps a penny drop, which costs money) may
-- have happened. customerRequestId is unique forever (EnKash's page), enforced here case-insensitively.
CREATE TABLE payee_verification_requests (
  customer_request_id TEXT NOT NULL CHECK (length(customer_request_id) BETWEEN 1 AND 50),
  environment         TEXT NOT NULL,
  account_number      TEXT NOT NULL,
  ifsc                TEXT NOT NULL,
  penny_drop          INTEGER NOT NULL CHECK (penny_drop IN (0, 1)),
  requested_at        TEXT NOT NULL,
  outcome             TEXT NOT NULL DEFAULT 'sent' CHECK (outcome IN ('sent', 'verified', 'failed', 'error')),
  -- For 'error': the EnKash error kind only (never a message body, which could echo an account).
  error_kind          TEXT,
  answered_at         TEXT
);
CREATE UNIQUE INDEX payee_verification_requests_id ON payee_verification_requests (upper(customer_request_id));
