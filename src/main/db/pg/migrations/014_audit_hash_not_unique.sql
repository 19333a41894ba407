-- audit_log.hash loses its UNIQUE index (issue 13 point 5): a random 64-hex key, so every append wrote into a random
-- page of it, and nothing looks an entry up by hash (the chain check recomputes every hash in id order). The fork
-- protection stays as it was: the audit_log_chain trigger (its advisory lock, and the link it checks against the
-- last entry) and prev_hash UNIQUE, which refuses a second entry claiming the same predecessor even from a
-- transaction whose snapshot missed the first. Distinct predecessors give distinct hashes, so hash stays unique.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_hash_key;
