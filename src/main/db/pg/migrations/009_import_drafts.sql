-- PostgreSQL twin of SQLite's 009_import_drafts.sql.
CREATE TABLE import_drafts (
  environment text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('payouts', 'beneficiaries')),
  file_name   text NOT NULL,
  sha256      text NOT NULL CHECK (length(sha256) = 64),
  mapping     text NOT NULL,
  created_at  text NOT NULL,
  updated_at  text NOT NULL,
  PRIMARY KEY (environment, kind)
);

CREATE TABLE import_draft_patches (
  environment text    NOT NULL,
  kind        text    NOT NULL,
  row_index   integer NOT NULL CHECK (row_index >= 0),
  col_index   integer NOT NULL CHECK (col_index >= 0),
  old_value   text    NOT NULL,
  new_value   text    NOT NULL,
  PRIMARY KEY (environment, kind, row_index, col_index),
  FOREIGN KEY (environment, kind) REFERENCES import_drafts (environment, kind) ON DELETE CASCADE
);
