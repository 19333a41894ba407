import type { Problem } from '../domain/issue';
import type { BeneficiaryDraft } from '../domain/payout';
import { checkAccount } from '../rules/account';
import { checkEmail, checkPhone, checkPincode } from '../rules/contact';
import { checkIfsc } from '../rules/ifsc';
import { checkName } from '../rules/name';
import { checkBeneficiaryId, checkPayee } from '../rules/payee';
import { checkVpa } from '../rules/vpa';

/** A beneficiary as a form sends it: a sheet row's draft, but with the id and name required. */
export type BeneficiaryFields = Omit<BeneficiaryDraft, 'row' | 'beneficiaryId' | 'name'> & {
  beneficiaryId: string;
  name: string;
};

export type FieldProblems = Partial<Record<keyof BeneficiaryFields, Problem[]>>;

/**
 * One beneficiary typed into a form, checked with the same rule families as a sheet row. The renderer uses
 * it for instant feedback; main runs it again before anything is sent, because the renderer is not trusted.
 * Returns the normalised record (upper-case IFSC, lower-case VPA …) only when no error remains.
 */
export function checkBeneficiaryRecord(input: BeneficiaryFields): {
  value: BeneficiaryFields | null;
  problems: FieldProblems;
} {
  const problems: FieldProblems = {};
  const add = (field: keyof BeneficiaryFields, list: Problem[]) => {
    if (list.length) problems[field] = [...(problems[field] ?? []), ...list];
  };
  const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

  const id = checkBeneficiaryId(input.beneficiaryId);
  add('beneficiaryId', id.problems);
  const name = checkName(input.name);
  add('name', name.problems);
  const payee = checkPayee(
    { beneficiaryId: false, account: present(input.accountNumber), ifsc: present(input.ifsc), vpa: present(input.vpa) },
    false,
  );
  add(payee.on === 'ifsc' ? 'ifsc' : payee.on === 'vpa' ? 'vpa' : 'accountNumber', payee.problems);

  const out: BeneficiaryFields = { beneficiaryId: id.value ?? '', name: name.value ?? '' };
  if (present(input.accountNumber)) {
    const r = checkAccount(input.accountNumber);
    add('accountNumber', r.problems);
    if (r.value) out.accountNumber = r.value;
  }
  if (present(input.ifsc)) {
    const r = checkIfsc(input.ifsc);
    add('ifsc', r.problems);
    if (r.value) out.ifsc = r.value;
  }
  if (present(input.vpa)) {
    const r = checkVpa(input.vpa);
    add('vpa', r.problems);
    if (r.value) out.vpa = r.value;
  }
  for (const [field, check] of [
    ['email', checkEmail],
    ['phone', checkPhone],
    ['pincode', checkPincode],
  ] as const) {
    const raw = input[field];
    if (!present(raw)) continue;
    const r = check(raw);
    add(field, r.problems);
    if (r.value) out[field] = r.value;
  }
  for (const field of ['address', 'city', 'state'] as const) {
    const raw = input[field];
    if (present(raw)) out[field] = raw.trim();
  }
  const hasError = Object.values(problems).some((list) => list?.some((p) => p.severity === 'error'));
  return { value: hasError ? null : out, problems };
}
