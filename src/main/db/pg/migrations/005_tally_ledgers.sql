-- PostgreSQL twin of SQLite's 005_tally_ledgers.sql.
CREATE TABLE accounting_settings (
  key        text PRIMARY KEY,
  value      text NOT NULL,
  updated_at text NOT NULL
);

CREATE TABLE tally_party_ledgers (
  payee_key  text PRIMARY KEY,
  payee_name text NOT NULL,
  ledger     text NOT NULL,
  updated_at text NOT NULL
);
