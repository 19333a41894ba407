-- PostgreSQL twin of SQLite's 007_sheet_ids.sql.
ALTER TABLE payouts ADD COLUMN id_from_sheet integer NOT NULL DEFAULT 0 CHECK (id_from_sheet IN (0, 1));
