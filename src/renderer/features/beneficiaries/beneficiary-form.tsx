import { useMemo, useState, type FormEvent } from 'react';
import type { Beneficiary } from '../../../shared/ipc/contracts/beneficiaries';
import { checkBeneficiaryRecord, type BeneficiaryFields } from '../../../shared/records/beneficiary-record';
import { call, errorMessage } from '../../api/client';
import { Alert, Card, Field } from '../../components/ui';

const EMPTY: BeneficiaryFields = {
  beneficiaryId: '',
  name: '',
  accountNumber: '',
  ifsc: '',
  vpa: '',
  email: '',
  phone: '',
  address: '',
  city: '',
  state: '',
  pincode: '',
};

const LABELS: [keyof BeneficiaryFields, string, string?][] = [
  ['beneficiaryId', 'Beneficiary ID', 'Your own id for this payee: letters and digits'],
  ['name', 'Name', 'As on the bank account'],
  ['accountNumber', 'Account number', 'Or leave blank and give a UPI ID'],
  ['ifsc', 'IFSC'],
  ['vpa', 'UPI ID (VPA)', 'e.g. ravi.kumar@okhdfcbank'],
  ['email', 'Email'],
  ['phone', 'Mobile'],
  ['pincode', 'PIN code'],
  ['address', 'Address'],
  ['city', 'City'],
  ['state', 'State'],
];

/** Create one beneficiary; fields are checked as you type with the same rules main applies before sending. */
export function BeneficiaryForm(props: { onCreated: (b: Beneficiary) => void }) {
  const [form, setForm] = useState<BeneficiaryFields>(EMPTY);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const check = useMemo(() => checkBeneficiaryRecord(form), [form]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(new Set(Object.keys(EMPTY)));
    if (!check.value) return;
    setBusy(true);
    setMessage(null);
    try {
      const created = await call('createBeneficiary', check.value);
      setMessage({ tone: 'success', text: `Beneficiary ${created.beneficiaryId} created.` });
      setForm(EMPTY);
      setTouched(new Set());
      props.onCreated(created);
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="New beneficiary">
      <form className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        {LABELS.map(([key, label, hint]) => {
          const problem = touched.has(key) ? check.problems[key]?.find((p) => p.severity === 'error') : undefined;
          const warning = touched.has(key) ? check.problems[key]?.find((p) => p.severity === 'warning') : undefined;
          return (
            <Field key={key} label={label} hint={warning?.message ?? hint} error={problem?.message}>
              {(id) => (
                <input
                  id={id}
                  name={key}
                  value={form[key] ?? ''}
                  onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
                  onBlur={() => setTouched((t) => new Set(t).add(key))}
                />
              )}
            </Field>
          );
        })}
        <div className="form-actions">
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create beneficiary'}
          </button>
        </div>
      </form>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
    </Card>
  );
}
