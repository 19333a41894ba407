-- Accountant exports (issue 16): what the Tally export remembers once the user has said it, so the next
-- export needs no flags. New tables only.

-- One-off accounting settings, e.g. `tally.bank_ledger` (the Tally ledger of the EnKash-funded bank account).
CREATE TABLE accounting_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Payee → Tally party ledger, from a CSV the user gave. Keyed by the payee name folded to lower case with
-- spaces collapsed, because sheets spell the same payee with different case and spacing.
CREATE TABLE tally_party_ledgers (
  payee_key  TEXT PRIMARY KEY,
  payee_name TEXT NOT NULL,
  ledger     TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
