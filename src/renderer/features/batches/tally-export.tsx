import { useState } from 'react';
import type { z } from 'zod';
import type { tallyExportInputSchema, tallySavedSchema } from '../../../shared/ipc/contracts/accounting';
import { call, errorMessage } from '../../api/client';
import { useCommandQuery } from '../../api/queries';
import { formatPaise } from '../../components/format';
import { SavedFile } from '../../components/saved-file';
import { Alert, Card, Field } from '../../components/ui';
import { useTeamGrants } from '../team/use-team-grants';

type Scope = z.input<typeof tallyExportInputSchema>['scope'];
export type TallySaved = z.output<typeof tallySavedSchema>;

/**
 * The "Export for Tally" form: the bank ledger (asked until remembered, then shown filled in), and two optional
 * files main asks for with its own open dialog — a payee → ledger CSV and a Tally "List of Accounts" (XML or
 * Excel) to check the names against. Main then asks where to save the XML.
 */
export function TallyExportForm(props: {
  scope: Scope;
  onSaved: (saved: TallySaved) => void;
  onCancelled: () => void;
  onClose: () => void;
}) {
  const settings = useCommandQuery('getAccountingSettings');
  const remembered = settings.data?.bankLedger ?? null;
  const [ledger, setLedger] = useState<string | null>(null);
  // Team mode: the server's Tally route takes the ledgers remembered in the team's database, no desk files.
  const team = useTeamGrants().team;
  const [partyLedgers, setPartyLedgers] = useState(false);
  const [ledgerList, setLedgerList] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: boolean; text: string } | null>(null);
  const value = ledger ?? remembered ?? '';

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await call('saveTally', {
        scope: props.scope,
        bankLedger: value.trim() || undefined,
        partyLedgers,
        ledgerList,
      });
      void settings.refetch();
      if (saved.status === 'cancelled') props.onCancelled();
      else props.onSaved(saved);
    } catch (e) {
      const field = (e as { details?: { field?: string } }).details?.field === 'bankLedger';
      setError({ field, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="stack"
      data-testid="tally-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <Field
        label="Tally bank ledger"
        hint={
          remembered
            ? 'Remembered from last time; change it here.'
            : 'The ledger the payouts are paid from; asked once.'
        }
        error={error?.field ? error.text : null}
      >
        {(id) => <input id={id} value={value} onChange={(e) => setLedger(e.target.value)} maxLength={100} />}
      </Field>
      {!team && (
        <>
          <label className="check">
            <input type="checkbox" checked={partyLedgers} onChange={(e) => setPartyLedgers(e.target.checked)} /> Map
            payees to Tally ledgers from a CSV file (payee, ledger; remembered)
          </label>
          <label className="check">
            <input type="checkbox" checked={ledgerList} onChange={(e) => setLedgerList(e.target.checked)} /> Check the
            ledger names against a Tally “List of Accounts” export (XML or Excel)
          </label>
        </>
      )}
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={busy || settings.isPending}>
          {busy ? 'Saving…' : 'Save Tally file…'}
        </button>
        <button className="btn" type="button" onClick={props.onClose} disabled={busy}>
          Close
        </button>
      </div>
      {error && !error.field && <Alert tone="error">{error.text}</Alert>}
    </form>
  );
}

/** What the accountant needs to know before importing: the ledgers Tally lacks, or every ledger used. */
export function TallyLedgers(props: { saved: TallySaved }) {
  const { missingLedgers, ledgers } = props.saved;
  if (missingLedgers && missingLedgers.length === 0)
    return <Alert tone="success">Every ledger used is in the Tally List of Accounts.</Alert>;
  const list = missingLedgers ?? ledgers;
  return (
    <Alert
      tone={missingLedgers ? 'warning' : 'info'}
      title={
        missingLedgers
          ? `Create ${list.length === 1 ? 'this ledger' : `these ${list.length} ledgers`} in Tally before importing:`
          : 'Ledgers used (create any Tally does not have before importing):'
      }
    >
      <ul className="ledger-list" data-testid="tally-ledgers">
        {list.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
    </Alert>
  );
}

export function tallySummary(saved: TallySaved): string {
  const reversals = saved.reversals ? `, ${saved.reversals} reversals` : '';
  return `${saved.payments} payment vouchers${reversals}, net ${formatPaise(saved.netPaise)}.`;
}

/** History's "every paid payout" Tally file (the CLI's `export --all --format tally`). */
export function AllPaidTally() {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<TallySaved | null>(null);
  const [cancelled, setCancelled] = useState(false);
  return (
    <Card
      title="Tally (every paid payout)"
      actions={
        <button
          className="btn"
          type="button"
          onClick={() => {
            setSaved(null);
            setCancelled(false);
            setOpen(!open);
          }}
        >
          Export all for Tally
        </button>
      }
    >
      <p className="muted">
        One TallyPrime import file of every paid payout of all batches; importing it again does not duplicate.
      </p>
      {open && (
        <TallyExportForm
          scope={{ kind: 'all' }}
          onClose={() => setOpen(false)}
          onCancelled={() => setCancelled(true)}
          onSaved={(s) => {
            setOpen(false);
            setSaved(s);
          }}
        />
      )}
      {cancelled && <Alert tone="info">Cancelled; nothing was saved.</Alert>}
      {saved && (
        <>
          <SavedFile path={saved.path} detail={tallySummary(saved)} />
          <TallyLedgers saved={saved} />
        </>
      )}
    </Card>
  );
}
