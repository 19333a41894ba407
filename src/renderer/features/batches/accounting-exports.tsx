import { useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { useCommandQuery } from '../../api/queries';
import { SavedFile } from '../../components/saved-file';
import { Alert, Card, Field } from '../../components/ui';
import { TallyExportForm, TallyLedgers, tallySummary, type TallySaved } from './tally-export';
import { useTeamGrants } from '../team/use-team-grants';

type Outcome =
  | { kind: 'saved'; path: string; detail: string; tally?: TallySaved }
  | { kind: 'cancelled' }
  | { kind: 'error'; text: string };

/**
 * After a batch is paid: "Export for Tally", "Payment advice" (one ZIP of PDFs + the email CSV) and "Auditor
 * pack". Main asks where to save and writes the file; this shows "Saved to …" for the latest one.
 */
export function AccountingExports(props: { batchId: number; paidRows: number }) {
  const { batchId, paidRows } = props;
  const settings = useCommandQuery('getAccountingSettings');
  // Team mode: the Tally file is written from the server's vouchers (team-mode/exports.ts); the advice ZIP and
  // the auditor pack are not served yet, so their buttons are not offered.
  const team = useTeamGrants().team;
  const [panel, setPanel] = useState<'tally' | 'payer' | null>(null);
  const [payer, setPayer] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const paid = paidRows > 0;

  const act = async (label: string, fn: () => Promise<Outcome>) => {
    setBusy(label);
    setOutcome(null);
    try {
      setOutcome(await fn());
    } catch (e) {
      setOutcome({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  const saveAdvice = (newPayer?: string) =>
    act('advice', async () => {
      const saved = await call('saveAdvice', { batchId, payer: newPayer });
      void settings.refetch();
      if (saved.status === 'cancelled') return { kind: 'cancelled' };
      setPanel(null);
      return { kind: 'saved', path: saved.path, detail: `${saved.advices} payment advices (PDF) and the email list.` };
    });

  const saveAuditPack = () =>
    act('audit', async () => {
      const saved = await call('saveAuditPack', { batchId });
      if (saved.status === 'cancelled') return { kind: 'cancelled' };
      const chain = saved.chainOk ? 'audit chain verified intact' : 'audit chain verification FAILED';
      return { kind: 'saved', path: saved.path, detail: `Auditor pack (${saved.entries.length} files, ${chain}).` };
    });

  return (
    <Card
      title="For the accountant"
      actions={
        <>
          <button
            className="btn"
            type="button"
            disabled={!paid || busy !== null}
            onClick={() => {
              setOutcome(null);
              setPanel(panel === 'tally' ? null : 'tally');
            }}
          >
            Export for Tally
          </button>
          {!team && (
            <button
              className="btn"
              type="button"
              disabled={!paid || busy !== null || settings.isPending}
              onClick={() => {
                if (settings.data?.payer) void saveAdvice();
                else setPanel('payer');
              }}
            >
              {busy === 'advice' ? 'Saving…' : 'Payment advice'}
            </button>
          )}
          {!team && (
            <button className="btn" type="button" disabled={busy !== null} onClick={() => void saveAuditPack()}>
              {busy === 'audit' ? 'Saving…' : 'Auditor pack'}
            </button>
          )}
        </>
      }
    >
      <p className="muted">
        {paid
          ? 'A TallyPrime import file of the paid payouts, a payment advice PDF per paid payee, and the pack for the auditors.'
          : 'Tally vouchers and payment advices need paid payouts; the auditor pack is available for any batch.'}
        {settings.data?.payer && (
          <>
            {' '}
            Advices are from <strong>{settings.data.payer}</strong> (
            <button type="button" className="link" onClick={() => setPanel('payer')}>
              change
            </button>
            ).
          </>
        )}
      </p>
      {panel === 'tally' && (
        <TallyExportForm
          scope={{ kind: 'batch', batchId }}
          onClose={() => setPanel(null)}
          onCancelled={() => setOutcome({ kind: 'cancelled' })}
          onSaved={(saved) => {
            setPanel(null);
            setOutcome({ kind: 'saved', path: saved.path, detail: tallySummary(saved), tally: saved });
          }}
        />
      )}
      {panel === 'payer' && (
        <form
          className="stack"
          data-testid="payer-form"
          onSubmit={(e) => {
            e.preventDefault();
            void saveAdvice(payer.trim() || undefined);
          }}
        >
          <Field label="Payer name" hint="Printed on every advice as who paid; asked once and remembered.">
            {(id) => (
              <input
                id={id}
                value={payer}
                onChange={(e) => setPayer(e.target.value)}
                placeholder={settings.data?.payer ?? 'Your company name'}
                maxLength={200}
              />
            )}
          </Field>
          <div className="toolbar">
            <button className="btn btn-primary" type="submit" disabled={busy !== null || !payer.trim()}>
              Save payment advices…
            </button>
            <button className="btn" type="button" onClick={() => setPanel(null)}>
              Close
            </button>
          </div>
        </form>
      )}
      {outcome?.kind === 'cancelled' && <Alert tone="info">Cancelled; nothing was saved.</Alert>}
      {outcome?.kind === 'error' && <Alert tone="error">{outcome.text}</Alert>}
      {outcome?.kind === 'saved' && (
        <>
          <SavedFile path={outcome.path} detail={outcome.detail} />
          {outcome.tally && <TallyLedgers saved={outcome.tally} />}
        </>
      )}
    </Card>
  );
}
