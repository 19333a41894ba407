import { useState } from 'react';
import type { Settings } from '../../../shared/settings/settings';
import { verificationCacheDays } from '../../../shared/settings/verification-settings';
import { call, errorMessage } from '../../api/client';
import { Alert, Card, Field } from '../../components/ui';

const MAX_DAYS = 3650;

/** Whole days, 1 to 3650, as typed; anything else is a message, never a guess. */
function parseDays(text: string): number | string {
  const t = text.trim();
  if (!/^\d{1,4}$/.test(t)) return 'Enter a whole number of days.';
  const n = Number(t);
  return n >= 1 && n <= MAX_DAYS ? n : `Enter between 1 and ${MAX_DAYS} days.`;
}

/**
 * How long a bank-held payee name is reused before the account is asked about again. Shorter means more checks
 * (a fee each, with penny drop); longer means a closed or re-assigned account is noticed later.
 */
export function VerificationCard(props: { settings: Settings; onChange: (s: Settings) => void }) {
  const saved = verificationCacheDays(props.settings);
  const [text, setText] = useState(String(saved));
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const days = parseDays(text);
    setNote(null);
    if (typeof days === 'string') {
      setError(days);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onChange(await call('updateVerificationPrefs', { cacheDays: days }));
      setNote(`Saved: bank names are reused for ${days} day${days === 1 ? '' : 's'}.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Payee verification">
      <Field
        label="Reuse a bank-held name for (days)"
        hint="Verify payees asks the bank again only for accounts not checked within this many days."
        error={error}
      >
        {(id) => (
          <input
            id={id}
            inputMode="numeric"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="verification-cache-days"
          />
        )}
      </Field>
      <button
        className="btn"
        type="button"
        disabled={busy || text.trim() === String(saved)}
        onClick={() => void save()}
      >
        Save cache age
      </button>
      {note && <Alert tone="success">{note}</Alert>}
    </Card>
  );
}
