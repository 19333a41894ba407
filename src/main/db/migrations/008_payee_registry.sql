-- Issue 11 point 1 (payee routing `registered`): the payees this desk registered at EnKash (Create Beneficiary),
-- per environment, under the id it paid them by, with the bank details they were registered with. A payout by
-- `beneficiaryId` pays whatever EnKash holds under that id, so an id is used only while its details here equal
-- the row's; `found` means EnKash already held the id (409) and a Search Beneficiary showed the same details.
-- The payout journal is untouched: registration is idempotent by id, and a payout keeps its transactionId.
CREATE TABLE payee_registry (
  environment    TEXT NOT NULL,
  beneficiary_id TEXT NOT NULL CHECK (length(beneficiary_id) > 0),
  -- Normalised bank details (`A:<account>:<IFSC>` or `V:<vpa>`): what "the same payee" means.
  payee_key      TEXT NOT NULL,
  payee_name     TEXT NOT NULL,
  account_number TEXT,
  ifsc           TEXT,
  vpa            TEXT,
  source         TEXT NOT NULL CHECK (source IN ('created', 'found')),
  registered_at  TEXT NOT NULL,
  PRIMARY KEY (environment, beneficiary_id),
  CHECK ((account_number IS NOT NULL AND ifsc IS NOT NULL AND vpa IS NULL)
      OR (account_number IS NULL AND ifsc IS NULL AND vpa IS NOT NULL))
);
