-- Issue 17 point 8 (a saved import): an import in progress survives leaving the Import screen, a reload and a
-- restart. Only the file's identity, the chosen kind and mapping, and the user's fixes as cell patches are kept —
-- never a copy of the sheet — so storage grows with the edits, not with the rows. One draft per kind per
-- environment; staging or discarding it deletes it (its patches go with it).
CREATE TABLE import_drafts (
  environment TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('payouts', 'beneficiaries')),
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  -- The column mapping as JSON ({"field": columnIndex}); validated by zod before it is stored.
  mapping     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (environment, kind)
);

-- One row per edited cell (the latest value wins; old_value is the cell as the file had it), so replaying a
-- draft is O(patches) and a cell edited back to its original value simply has no row.
CREATE TABLE import_draft_patches (
  environment TEXT NOT NULL,
  kind        TEXT NOT NULL,
  row_index   INTEGER NOT NULL CHECK (row_index >= 0),
  col_index   INTEGER NOT NULL CHECK (col_index >= 0),
  old_value   TEXT NOT NULL,
  new_value   TEXT NOT NULL,
  PRIMARY KEY (environment, kind, row_index, col_index),
  FOREIGN KEY (environment, kind) REFERENCES import_drafts (environment, kind) ON DELETE CASCADE
);
