-- Two costs of a chunk's journal work on the desk (issue 13 point 5).
--
-- 1. audit_log.hash loses its UNIQUE index. A hash is a random 64-hex key, so each append wrote into a random page
-- of that index: a chunk's claim or answer (~100 entries) dirtied 120-140 of its pages, half of what its COMMIT
-- wrote to the WAL and synced. Nothing looks an entry up by hash (the chain check recomputes every hash in id order), and uniqueness never
-- stopped a fork: two entries claiming the same predecessor have different content, so different hashes. The
-- trigger below does: like PostgreSQL's audit_log_chain, it refuses an entry whose prev_hash is not the hash of the
-- last entry, which costs one look at the end of the table (always in the cache) instead of a random page.
--
-- SQLite cannot drop a column constraint, so the table is rebuilt with every row and id as it was; nothing refers
-- to audit_log, so no foreign-key pass is needed. The triggers and the index go with the old table and are made
-- again.
CREATE TABLE audit_log_new (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  action     TEXT NOT NULL,
  from_state TEXT,
  to_state   TEXT,
  data       TEXT NOT NULL DEFAULT '{}',
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
INSERT INTO audit_log_new (id, at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash)
  SELECT id, at, entity, entity_id, action, from_state, to_state, data, prev_hash, hash FROM audit_log ORDER BY id;
-- AUTOINCREMENT never hands out an id twice: the counter comes along, not just the highest id still present.
DELETE FROM sqlite_sequence WHERE name = 'audit_log_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'audit_log_new', seq FROM sqlite_sequence WHERE name = 'audit_log';
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
WHEN NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
  '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
  SELECT RAISE(ABORT, 'audit_log entry does not follow the last entry of the chain');
END;

-- 2. A batch's progress (journal/progress.ts: counts and sums per state) read every row of the batch from the table
-- through payouts_batch, ~8 ms for 10,000 rows, several times a second while the engine sends. This index covers that
-- query, so it is read from the index alone, already grouped by state. `id` comes before the summed columns so that a
-- chunk's rows, which take their state changes together, sit next to each other in it: keyed by amount instead, each
-- chunk's move would rewrite a random page per few rows, as the hash index did.
CREATE INDEX payouts_batch_progress ON payouts (batch_id, state, id, attempts, amount_paise);
