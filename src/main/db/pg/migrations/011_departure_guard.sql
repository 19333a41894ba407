-- PostgreSQL only (issue 13 point 2): the database itself refuses a payout's departure (→ SENDING) unless the
-- writing transaction declared an owner (journal/chunk-leases.ts declareOwnerOps: set_config('payout_desk.owner', …,
-- true), so it lasts only for that transaction) who holds the row's chunk lease — or, for a row outside any held chunk
-- lease (a loose row, a resend of a released chunk), the single-owner journal lease. SQLite's twin is the TEMP trigger
-- of journal/lease.ts: one owner per file, so there the journal lease alone decides. A direct UPDATE by any other code
-- path, a server whose lease was taken over, or a forgotten declaration fails here, inside the very transaction that
-- would commit SENDING, so nothing leaves without a live lease. The error text carries `journal_lease_lost`
-- (lease.ts isLeaseLost).
--
-- `payout_desk.now_ms` (optional, declared with the owner) is the writer's clock: when given, the lease must also
-- not have expired by it. Lease rows are read FOR SHARE: a claim taking the chunk over (FOR UPDATE SKIP LOCKED)
-- skips it while the departure commits, and a departure waits for a take-over that is committing.
CREATE FUNCTION payout_desk_departure_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  me text := nullif(current_setting('payout_desk.owner', true), '');
  now_ms bigint := nullif(current_setting('payout_desk.now_ms', true), '')::bigint;
  chunk_owner text;
  chunk_expires bigint;
BEGIN
  IF me IS NULL THEN
    RAISE EXCEPTION 'journal_lease_lost: payout % may go SENDING only under a declared lease owner', NEW.id
      USING ERRCODE = '55000';
  END IF;
  IF NEW.chunk_id IS NOT NULL THEN
    SELECT lease_owner, lease_expires_at_ms INTO chunk_owner, chunk_expires FROM chunks WHERE id = NEW.chunk_id FOR SHARE;
    IF chunk_owner = me AND (now_ms IS NULL OR chunk_expires > now_ms) THEN
      RETURN NEW;
    END IF;
    IF chunk_owner IS NOT NULL THEN
      RAISE EXCEPTION 'journal_lease_lost: payout % is in chunk % leased by another owner', NEW.id, NEW.chunk_id
        USING ERRCODE = '55000';
    END IF;
  END IF;
  PERFORM 1 FROM journal_lease
    WHERE id = 1 AND owner_id = me AND (now_ms IS NULL OR expires_at_ms > now_ms) FOR SHARE;
  IF FOUND THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'journal_lease_lost: payout % may go SENDING only under the journal lease', NEW.id
    USING ERRCODE = '55000';
END
$$;

CREATE TRIGGER payouts_departure_guard BEFORE UPDATE OF state ON payouts FOR EACH ROW
  WHEN (NEW.state = 'SENDING' AND OLD.state IS DISTINCT FROM 'SENDING')
  EXECUTE FUNCTION payout_desk_departure_guard();

CREATE TRIGGER payouts_departure_guard_insert BEFORE INSERT ON payouts FOR EACH ROW
  WHEN (NEW.state = 'SENDING')
  EXECUTE FUNCTION payout_desk_departure_guard();
