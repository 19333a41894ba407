-- PostgreSQL twin of SQLite's 010_payee_verifications.sql (issue 12: the bank-held name per environment + account +
-- IFSC, and every check asked of EnKash written before the call).
CREATE TABLE payee_verifications (
  environment         text    NOT NULL,
  account_number      text    NOT NULL CHECK (length(account_number) > 0),
  ifsc                text    NOT NULL CHECK (length(ifsc) = 11),
  status              text    NOT NULL CHECK (status IN ('verified', 'failed')),
  bank_name           text,
  raw_status          text,
  penny_drop          integer NOT NULL CHECK (penny_drop IN (0, 1)),
  verified_at         text    NOT NULL,
  enkash_unique_id    text,
  utr                 text,
  customer_request_id text    NOT NULL,
  PRIMARY KEY (environment, account_number, ifsc)
);

CREATE TABLE payee_verification_requests (
  customer_request_id text    NOT NULL CHECK (length(customer_request_id) BETWEEN 1 AND 50),
  environment         text    NOT NULL,
  account_number      text    NOT NULL,
  ifsc                text    NOT NULL,
  penny_drop          integer NOT NULL CHECK (penny_drop IN (0, 1)),
  requested_at        text    NOT NULL,
  outcome             text    NOT NULL DEFAULT 'sent' CHECK (outcome IN ('sent', 'verified', 'failed', 'error')),
  error_kind          text,
  answered_at         text
);
CREATE UNIQUE INDEX payee_verification_requests_id ON payee_verification_requests (upper(customer_request_id));
