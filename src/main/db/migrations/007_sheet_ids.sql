-- Issue 9 point 3: a transactionId the sheet supplied (rather than one we minted) is looked up at EnKash in
-- pre-flight, since another desk, an earlier install or a person may already have used it there.
ALTER TABLE payouts ADD COLUMN id_from_sheet INTEGER NOT NULL DEFAULT 0 CHECK (id_from_sheet IN (0, 1));
