-- PostgreSQL only (issue 14 point 3: any later change needs fresh approvals). On the desk a fixed REJECTED row is
-- resubmitted under its same transactionId by moving it back to READY (submission/fix-retry.ts resubmitRejected).
-- In a team that would send changed content nobody approved, so a Desk Server puts fixed REJECTED rows into a retry
-- batch that waits for its checkers instead (services/team/row-changes.ts), and the original is retired. Once the
-- database has a team (any enabled user), the database refuses the desk's move too, whoever writes it — a desk-style
-- client on the team's database, or a hand-written UPDATE — just as batches_team_confirm_guard (012) refuses a
-- desk-style confirmation of a draft.
CREATE FUNCTION payout_desk_team_resubmit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM team_users WHERE disabled = 0) THEN
    RAISE EXCEPTION 'approval_required: payout % was rejected; in a team it is paid again only through a retry batch the checkers approve', NEW.id
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER payouts_team_resubmit_guard BEFORE UPDATE OF state ON payouts FOR EACH ROW
  WHEN (OLD.state = 'REJECTED' AND NEW.state = 'READY')
  EXECUTE FUNCTION payout_desk_team_resubmit_guard();
