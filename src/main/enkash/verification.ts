import { z } from 'zod';
import { AppError } from '../../shared/domain/errors';
import { DEFAULT_PENNY_DROP_PATH, type VerificationEnvelope } from '../../shared/settings/api-profile';
import { type CallCore, validateInput } from './call';
import { fail } from './errors';
import { accountNumberSchema, ifscSchema } from './inputs';
import type { ParsedBody } from './response';
import { isObject, optionalBoolean, parseShape } from './wire-read';

/**
 * Bank-account verification, `POST /api/v0/pennyDrop` (enkash-api.md §16): the request EnKash's page documents
 * and a strict reading of its answer. The `status` words are UNDOCUMENTED, so the bank-held name decides an
 * unknown word; an answer that names another request, or has neither a known status nor a name, is an error —
 * never a guessed verdict (a wrong "verified" would let money go to the wrong person).
 */

/** What one check learned. `bankName` is the name the bank holds; no match score (that is ours to compute). */
export type BankAccountCheck = {
  status: 'verified' | 'failed';
  bankName: string | null;
  /** EnKash's status word as sent (trimmed), kept for support and for words we do not know yet. */
  rawStatus: string | null;
  enkashUniqueId: string | null;
  /** Only a penny drop (money moved) has one. */
  utr: string | null;
};

/** `customerRequestId`: unique forever (EnKash's page says so); its length limit is UNKNOWN, so kept modest. */
export const customerRequestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,50}$/, '1 to 50 letters, digits, _ or -');

export const bankAccountCheckInputSchema = z.object({
  accountNumber: accountNumberSchema,
  ifsc: ifscSchema,
  /** `true` (the default): no money moves. `false`: a small credit, which costs a fee. */
  pennyLess: z.boolean().default(true),
  customerRequestId: customerRequestIdSchema,
});
export type BankAccountCheckInput = z.input<typeof bankAccountCheckInputSchema>;

export type PennyDropWire = {
  beneficiaryAccountNumber: string;
  customerRequestId: string;
  beneficiaryIfscCode: string;
  pennyLess: boolean;
};

/** The documented body (§16); IFSC upper-cased as banks publish it. */
export function pennyDropWire(input: z.output<typeof bankAccountCheckInputSchema>): PennyDropWire {
  return {
    beneficiaryAccountNumber: input.accountNumber,
    customerRequestId: input.customerRequestId,
    beneficiaryIfscCode: input.ifsc.toUpperCase(),
    pennyLess: input.pennyLess,
  };
}

// Status words, normalised (upper case, runs of space/dash as `_`). The payout lifecycle's own words (§7) first,
// then the ones account-verification APIs commonly use. Anything else is decided by the name (see below).
const VERIFIED_WORDS = new Set([
  'SUCCESS',
  'SUCCESSFUL',
  'SUCCESSFULLY_VERIFIED',
  'VERIFIED',
  'ACTIVE',
  'VALID',
  'COMPLETED',
  'ACCOUNT_EXISTS',
  'ACCOUNT_VERIFIED',
]);
const FAILED_WORDS = new Set([
  'FAILED',
  'FAILURE',
  'FAIL',
  'REJECTED',
  'INVALID',
  'INACTIVE',
  'NOT_VERIFIED',
  'UNVERIFIED',
  'NOT_FOUND',
  'ACCOUNT_NOT_FOUND',
  'INVALID_ACCOUNT',
  'INVALID_IFSC',
  'CLOSED',
  'ACCOUNT_CLOSED',
  'BLOCKED',
  'FROZEN',
  'DORMANT',
  'REVERSED',
]);
// Not an answer yet: with a name the name is the answer; without one nothing can be concluded.
const PENDING_WORDS = new Set(['PENDING', 'PROCESSING', 'IN_PROGRESS', 'INITIATED', 'SUBMITTED']);

export type StatusClass = 'verified' | 'failed' | 'pending' | 'unknown';

export function classifyStatus(raw: string | null): StatusClass {
  if (raw === null) return 'unknown';
  const word = raw
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  if (VERIFIED_WORDS.has(word)) return 'verified';
  if (FAILED_WORDS.has(word)) return 'failed';
  if (PENDING_WORDS.has(word)) return 'pending';
  return 'unknown';
}

const text = z
  .union([z.string(), z.number()])
  .nullable()
  .optional()
  .transform((v) => {
    if (v === undefined || v === null) return null;
    const t = String(v).trim();
    return t === '' ? null : t;
  });

const answerSchema = z.object({
  status: text,
  beneficiaryName: text,
  enkashUniqueId: text,
  utr: text,
});

const echoSchema = z.object({
  beneficiaryAccountNumber: text,
  customerRequestId: text,
  beneficiaryIfscCode: text,
  pennyLess: optionalBoolean,
});

/**
 * Reads a success answer for the request `sent`. The fields live in `payload` (the documented place); the
 * echoes may sit beside it (the sample) or inside it, so both are read, and every echo present must be ours.
 */
export function readBankAccountCheck(parsed: ParsedBody, sent: PennyDropWire, httpStatus: number): BankAccountCheck {
  const outer = parsed.outer ?? {};
  // A bare answer (no wrapper) is the data itself; a wrapper without `payload`/`data` has its fields beside.
  const data = isObject(parsed.data) ? parsed.data : parsed.data == null ? outer : null;
  if (data === null) fail({ kind: 'bad_shape', httpStatus, issues: ['pennyDrop.payload: expected an object'] });
  const answer = parseShape(answerSchema, data, httpStatus, 'pennyDrop.payload');
  checkEchoes(parseShape(echoSchema, data, httpStatus, 'pennyDrop.payload'), sent, httpStatus, 'payload');
  if (data !== outer) checkEchoes(parseShape(echoSchema, outer, httpStatus, 'pennyDrop'), sent, httpStatus, 'body');

  const base = {
    bankName: answer.beneficiaryName,
    rawStatus: answer.status,
    enkashUniqueId: answer.enkashUniqueId,
    utr: answer.utr,
  };
  switch (classifyStatus(answer.status)) {
    case 'verified':
      return { status: 'verified', ...base };
    case 'failed':
      return { status: 'failed', ...base };
    case 'pending':
    case 'unknown':
      // An undocumented (or not-yet-final) word: a name from the bank is the verification; without one there is
      // nothing to show, so the account counts as not verified. No status and no name at all is no answer.
      if (answer.beneficiaryName !== null) return { status: 'verified', ...base };
      if (answer.status === null) {
        fail({ kind: 'bad_shape', httpStatus, issues: ['pennyDrop.payload: neither status nor beneficiaryName'] });
      }
      if (classifyStatus(answer.status) === 'pending') {
        fail({ kind: 'bad_shape', httpStatus, issues: [`pennyDrop.payload.status: ${answer.status} (not final)`] });
      }
      return { status: 'failed', ...base };
  }
}

const digitsOf = (s: string) => s.replace(/\s+/g, '');

/** An echo that names another account or request means the answer is not ours: never read a verdict off it. */
function checkEchoes(echo: z.output<typeof echoSchema>, sent: PennyDropWire, httpStatus: number, where: string) {
  const issues: string[] = [];
  // Issues name the field, never the value: values are account numbers.
  if (echo.customerRequestId !== null && echo.customerRequestId !== sent.customerRequestId) {
    issues.push(`pennyDrop.${where}.customerRequestId: not the id sent`);
  }
  if (
    echo.beneficiaryAccountNumber !== null &&
    digitsOf(echo.beneficiaryAccountNumber) !== sent.beneficiaryAccountNumber &&
    !isMaskedEcho(echo.beneficiaryAccountNumber, sent.beneficiaryAccountNumber)
  ) {
    issues.push(`pennyDrop.${where}.beneficiaryAccountNumber: not the account sent`);
  }
  if (echo.beneficiaryIfscCode !== null && echo.beneficiaryIfscCode.toUpperCase() !== sent.beneficiaryIfscCode) {
    issues.push(`pennyDrop.${where}.beneficiaryIfscCode: not the IFSC sent`);
  }
  if (echo.pennyLess !== null && echo.pennyLess !== sent.pennyLess) {
    issues.push(`pennyDrop.${where}.pennyLess: not the kind of check asked for`);
  }
  if (issues.length) fail({ kind: 'bad_shape', httpStatus, issues });
}

// A server may echo the account masked (`XXXXXX5678`, `****5678`): the visible digits must still be ours.
function isMaskedEcho(echo: string, sent: string): boolean {
  const m = /^[Xx*•]+(\d{2,6})$/.exec(echo.trim());
  return m !== null && sent.endsWith(m[1]!);
}

/**
 * The client's `verifyBankAccount`: validate, send once (a re-sent `customerRequestId` is refused by EnKash, so
 * never retried), read strictly. A penny drop moves money, so its lost answer is an unknown outcome; a
 * penny-less check changes nothing and is a read.
 */
export async function checkBankAccount(
  core: CallCore,
  settings: { path: string | undefined; envelope: VerificationEnvelope },
  raw: BankAccountCheckInput,
  signal?: AbortSignal,
): Promise<BankAccountCheck> {
  const input = validateInput(bankAccountCheckInputSchema, raw, 'verifyBankAccount');
  const body = pennyDropWire(input);
  if (signal?.aborted) throw cancelled(input.pennyLess, false);
  try {
    return await core.execute({
      operation: 'verifyBankAccount',
      effect: input.pennyLess ? 'read' : 'write',
      method: 'POST',
      path: settings.path || DEFAULT_PENNY_DROP_PATH,
      body,
      envelope: settings.envelope,
      retry: 'never',
      signal,
      accept: (p, status) => readBankAccountCheck(p, body, status),
    });
  } catch (e) {
    if (signal?.aborted) throw cancelled(input.pennyLess, true);
    throw e;
  }
}

function cancelled(pennyLess: boolean, inFlight: boolean): AppError {
  return new AppError('cancelled', 'The bank-account check was cancelled.', {
    operation: 'verifyBankAccount',
    // A penny drop already on its way may have credited the account; a penny-less check moved nothing.
    ...(inFlight && !pennyLess ? { outcome: 'unknown' } : {}),
  });
}
