import { useState } from 'react';
import { formatPaise } from '../../../shared/domain/money';
import { DEFAULT_API_PROFILE, KEY_DERIVATIONS, type ApiProfile } from '../../../shared/settings/api-profile';
import {
  PRODUCTION_CONFIRMATION,
  productionGuardedChanges,
  type GuardedChange,
} from '../../../shared/settings/profile-guard';
import type { Settings } from '../../../shared/settings/settings';
import { call, errorMessage } from '../../api/client';
import { Alert, Card, ConfirmDialog, Field } from '../../components/ui';
import { ProductionChangeDialog } from './production-change-dialog';
import {
  limitsToText,
  MODES,
  PATH_LABELS,
  SWITCHES,
  textToLimits,
  type LimitText,
  type Switches,
} from './profile-form';

/**
 * Settings → Advanced: every EnKash detail that is undocumented or may change, editable without a release.
 * Validation happens in main (zod); this form only converts rupee text to paise exactly.
 */
export function ProfileEditor(props: { settings: Settings; onChange: (s: Settings) => void }) {
  const [draft, setDraft] = useState<ApiProfile>(props.settings.apiProfile);
  const [limits, setLimits] = useState<LimitText>(() => limitsToText(props.settings.apiProfile.modeLimits));
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  // A save waiting for PRODUCTION to be typed: the profile to save and what it changes for Production.
  const [pendingSave, setPendingSave] = useState<{ profile: ApiProfile; changes: GuardedChange[] } | null>(null);
  // Any other save is asked about too (issue 17 point 9): a wrong path or switch breaks every call to EnKash.
  const [plainSave, setPlainSave] = useState<ApiProfile | null>(null);
  const guarded = (next: ApiProfile) =>
    productionGuardedChanges(props.settings.apiProfile, next, props.settings.environment);

  const store = async (profile: ApiProfile, confirmation?: string) => {
    try {
      const next = await call('updateApiProfile', { ...profile, confirmation });
      props.onChange(next);
      setMessage({ tone: 'success', text: 'API profile saved.' });
    } catch (e) {
      setMessage({ tone: 'error', text: errorMessage(e) });
    } finally {
      setPendingSave(null);
      setPlainSave(null);
    }
  };
  const save = async () => {
    const modeLimits = textToLimits(limits);
    if (typeof modeLimits === 'string') {
      setMessage({ tone: 'error', text: modeLimits });
      return;
    }
    const profile = { ...draft, modeLimits };
    const changes = guarded(profile);
    if (changes.length) setPendingSave({ profile, changes });
    else setPlainSave(profile);
  };
  const resetChanges = guarded(DEFAULT_API_PROFILE);
  const reset = async () => {
    try {
      const next = await call(
        'resetApiProfile',
        resetChanges.length ? { confirmation: PRODUCTION_CONFIRMATION } : undefined,
      );
      props.onChange(next);
      setDraft(next.apiProfile);
      setLimits(limitsToText(next.apiProfile.modeLimits));
      setConfirmReset(false);
      setMessage({ tone: 'success', text: 'API profile reset to the documented defaults.' });
    } catch (e) {
      setMessage({ tone: 'error', text: errorMessage(e) });
    }
  };
  const set = <K extends keyof ApiProfile>(key: K, value: ApiProfile[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

  return (
    <Card
      title="Advanced — API profile"
      actions={
        <>
          <button className="btn" type="button" onClick={() => setConfirmReset(true)}>
            Reset to defaults
          </button>
          <button className="btn btn-primary" type="button" onClick={() => void save()}>
            Save profile
          </button>
        </>
      }
    >
      <p className="muted">
        EnKash does not document some details; each guess is a setting here, with defaults from the API reference.
      </p>
      <div className="form-grid">
        <Field label="UAT base URL" hint="https:// only">
          {(id) => (
            <input
              id={id}
              value={draft.baseUrls.uat}
              onChange={(e) => set('baseUrls', { ...draft.baseUrls, uat: e.target.value })}
            />
          )}
        </Field>
        <Field label="Production base URL" hint="https:// only; changing it asks you to type PRODUCTION">
          {(id) => (
            <input
              id={id}
              value={draft.baseUrls.production}
              onChange={(e) => set('baseUrls', { ...draft.baseUrls, production: e.target.value })}
            />
          )}
        </Field>
        <Field label="Custom base URL" hint="Used when the environment is Custom">
          {(id) => (
            <input
              id={id}
              value={draft.baseUrls.custom}
              placeholder="https://relay.example.in"
              onChange={(e) => set('baseUrls', { ...draft.baseUrls, custom: e.target.value })}
            />
          )}
        </Field>
        <Field label="Key derivation" hint="How the AES key comes from the client secret (Diagnostics can detect it)">
          {(id) => (
            <select
              id={id}
              value={draft.keyDerivation}
              onChange={(e) => set('keyDerivation', e.target.value as ApiProfile['keyDerivation'])}
            >
              {KEY_DERIVATIONS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Fund source ID" hint="e.g. EKCI4XTWKC, from EnKash onboarding">
          {(id) => <input id={id} value={draft.fundSourceId} onChange={(e) => set('fundSourceId', e.target.value)} />}
        </Field>
        <Field
          label="Debit account number"
          hint="Your source bank account: needed for the bank statement, and by connected-banking accounts for payouts"
        >
          {(id) => (
            <input
              id={id}
              value={draft.debitAccountNumber}
              onChange={(e) => set('debitAccountNumber', e.target.value)}
            />
          )}
        </Field>
        <Field label="Batch chunk size" hint="Transfers per batch call (EnKash's limit is unknown)">
          {(id) => (
            <input
              id={id}
              type="number"
              value={draft.batchChunkSize}
              onChange={(e) => set('batchChunkSize', num(e.target.value))}
            />
          )}
        </Field>
        <Field label="Request timeout (ms)">
          {(id) => (
            <input
              id={id}
              type="number"
              value={draft.requestTimeoutMs}
              onChange={(e) => set('requestTimeoutMs', num(e.target.value))}
            />
          )}
        </Field>
      </div>
      <h3 className="subhead">Per-mode limits (₹, blank = none)</h3>
      <table className="data compact">
        <thead>
          <tr>
            <th>Mode</th>
            <th>Minimum</th>
            <th>Maximum</th>
            <th>Now</th>
          </tr>
        </thead>
        <tbody>
          {MODES.map((m) => (
            <tr key={m}>
              <td>{m}</td>
              {(['min', 'max'] as const).map((k) => (
                <td key={k}>
                  <input
                    aria-label={`${m} ${k}imum`}
                    value={limits[m][k]}
                    onChange={(e) => setLimits((l) => ({ ...l, [m]: { ...l[m], [k]: e.target.value } }))}
                  />
                </td>
              ))}
              <td className="muted">
                {[draft.modeLimits[m].minPaise, draft.modeLimits[m].maxPaise]
                  .map((p, i) => (p === null ? null : `${i === 0 ? '≥' : '≤'} ${formatPaise(p)}`))
                  .filter(Boolean)
                  .join(', ') || 'no limit'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="subhead">Undocumented wire details</h3>
      <div className="form-grid">
        {(Object.keys(SWITCHES) as (keyof Switches)[]).map((k) => (
          <Field key={k} label={SWITCHES[k].label}>
            {(id) => (
              <select
                id={id}
                value={draft.switches[k]}
                onChange={(e) => set('switches', { ...draft.switches, [k]: e.target.value } as Switches)}
              >
                {SWITCHES[k].options.map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
      </div>
      <h3 className="subhead">Paths</h3>
      <div className="form-grid">
        {(Object.keys(PATH_LABELS) as (keyof ApiProfile['paths'])[]).map((k) => (
          <Field key={k} label={PATH_LABELS[k]}>
            {(id) => (
              <input
                id={id}
                value={draft.paths[k]}
                onChange={(e) => set('paths', { ...draft.paths, [k]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </div>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {pendingSave && (
        <ProductionChangeDialog
          changes={pendingSave.changes}
          confirmLabel="Save profile"
          onConfirm={() => void store(pendingSave.profile, PRODUCTION_CONFIRMATION)}
          onCancel={() => setPendingSave(null)}
        />
      )}
      {plainSave && (
        <ConfirmDialog
          title="Save the API profile?"
          confirmLabel="Save"
          onConfirm={() => void store(plainSave)}
          onCancel={() => setPlainSave(null)}
        >
          <p>
            The app will use these addresses, paths and switches for every call to EnKash from now on. Change them only
            when EnKash support asks; “Reset to defaults” brings back the documented ones.
          </p>
        </ConfirmDialog>
      )}
      {confirmReset && resetChanges.length > 0 && (
        <ProductionChangeDialog
          changes={resetChanges}
          confirmLabel="Reset"
          onConfirm={() => void reset()}
          onCancel={() => setConfirmReset(false)}
        />
      )}
      {confirmReset && resetChanges.length === 0 && (
        <ConfirmDialog
          title="Reset the API profile?"
          confirmLabel="Reset"
          onConfirm={() => void reset()}
          onCancel={() => setConfirmReset(false)}
        >
          <p>Every path, limit and switch goes back to the documented defaults. Your credentials are kept.</p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
