-- PostgreSQL twin of SQLite's 008_payee_registry.sql.
CREATE TABLE payee_registry (
  environment    text NOT NULL,
  beneficiary_id text NOT NULL CHECK (length(beneficiary_id) > 0),
  payee_key      text NOT NULL,
  payee_name     text NOT NULL,
  account_number text,
  ifsc           text,
  vpa            text,
  source         text NOT NULL CHECK (source IN ('created', 'found')),
  registered_at  text NOT NULL,
  PRIMARY KEY (environment, beneficiary_id),
  CHECK ((account_number IS NOT NULL AND ifsc IS NOT NULL AND vpa IS NULL)
      OR (account_number IS NULL AND ifsc IS NULL AND vpa IS NOT NULL))
);
