-- One owner of the journal (DESIGN.md "One owner"): the process holding this single row sends, polls and runs
-- start-up recovery on this data folder. It is taken and renewed in IMMEDIATE transactions; a holder whose
-- expiry passed (or whose pid is gone on this host) is taken over by the next process.
CREATE TABLE journal_lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  owner_id TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  kind TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
);
