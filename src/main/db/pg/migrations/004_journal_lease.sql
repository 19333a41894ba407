-- PostgreSQL twin of SQLite's 004_journal_lease.sql: the single-owner lease row (one desk server on this database).
CREATE TABLE journal_lease (
  id            integer PRIMARY KEY CHECK (id = 1),
  owner_id      text    NOT NULL,
  pid           integer NOT NULL,
  host          text    NOT NULL,
  kind          text    NOT NULL,
  acquired_at   text    NOT NULL,
  heartbeat_at  text    NOT NULL,
  expires_at_ms bigint  NOT NULL
);

-- PostgreSQL only (issue 13 point 2): several servers may share one database, so besides the single owner each
-- chunk has its own lease. A server claims the next sendable chunk with SELECT … FOR UPDATE SKIP LOCKED and writes
-- itself here (db/pg/chunk-lease.ts); a lease past its expiry is taken over, and the taker settles the chunk's rows
-- by the journal protocol. Owner and expiry are set and cleared together.
ALTER TABLE chunks ADD COLUMN lease_owner text;
ALTER TABLE chunks ADD COLUMN lease_expires_at_ms bigint;
ALTER TABLE chunks ADD CONSTRAINT chunks_lease_whole CHECK ((lease_owner IS NULL) = (lease_expires_at_ms IS NULL));
CREATE INDEX chunks_open ON chunks (batch_id, seq) WHERE state <> 'SENT';
