import { IST_OFFSET_TEXT } from '../../../shared/domain/ist';
import type { StatementEntry } from '../../enkash/account-outputs';
import type { Direction, StatementLine } from './types';

/**
 * Statement lines as EnKash sends them → lines we can match. The statement's `transactionType` values are
 * undocumented (enkash-api.md §5.9; the Sandbox says DEBIT/CREDIT), so the usual bank spellings are read and
 * the raw value is kept verbatim; a signed amount decides when the type says nothing.
 */

const DEBIT = /^(d|dr|debit|debited|withdrawal|payout|transfer out|out)$/i;
const CREDIT = /^(c|cr|credit|credited|deposit|refund|reversal|in)$/i;

export function directionOf(type: string | null, amountPaise: number): Direction {
  const t = (type ?? '').trim();
  if (DEBIT.test(t)) return 'DEBIT';
  if (CREDIT.test(t)) return 'CREDIT';
  if (amountPaise < 0) return 'DEBIT';
  return 'UNKNOWN';
}

const IST = IST_OFFSET_TEXT;

/**
 * A statement time → ms. ISO with a zone is exact; without one it is read as IST (what an Indian bank means,
 * and what the Sandbox assumes); a bare date is taken as noon IST so a ±window around it covers the whole day;
 * dd-mm-yyyy / dd/mm/yyyy (common in Indian statements) is accepted too.
 */
export function parseStatementTime(text: string | null): number | null {
  if (!text) return null;
  const v = text.trim();
  let iso: string | null = null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) iso = `${v}T12:00:00${IST}`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/.test(v)) iso = `${v.replace(' ', 'T')}${IST}`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(v))
    iso = v.replace(' ', 'T');
  else {
    const m = /^(\d{2})[-/](\d{2})[-/](\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
    if (m) iso = `${m[3]}-${m[2]}-${m[1]}T${m[4] ?? '12'}:${m[5] ?? '00'}:${m[6] ?? '00'}${IST}`;
  }
  if (!iso) return null;
  const ms = Date.parse(iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
}

function clean(text: string | null): string | null {
  const t = text?.trim();
  return t ? t : null;
}

/** Normalises entries in statement order; `inRange` is decided against [start, end) in ms. */
export function normaliseEntries(
  entries: readonly StatementEntry[],
  range: { start: number; end: number },
): StatementLine[] {
  return entries.map((e, i) => {
    const at = parseStatementTime(e.transactionDate) ?? parseStatementTime(e.valueDate);
    return {
      seq: i + 1,
      transactionId: clean(e.transactionId),
      transactionDate: clean(e.transactionDate),
      valueDate: clean(e.valueDate),
      transactionType: clean(e.transactionType),
      direction: directionOf(e.transactionType, e.amountPaise),
      remarks: clean(e.remarks),
      referenceNumber: clean(e.referenceNumber),
      mode: clean(e.mode),
      amountPaise: Math.abs(e.amountPaise),
      runningBalancePaise: e.runningBalancePaise,
      at,
      // A line whose date cannot be read is reported rather than silently dropped.
      inRange: at === null || (at >= range.start && at < range.end),
    };
  });
}

/** Id-like words of a remark ("Refund of failed payout PD0K…" → ["PD0K…"]): letters+digits, 8 or more. */
export function remarkTokens(remarks: string | null): string[] {
  if (!remarks) return [];
  const words = remarks.split(/[^A-Za-z0-9]+/).filter((w) => w.length >= 8 && /\d/.test(w));
  return [...new Set(words)].slice(0, 6);
}

/** Two lines that are the same line listed twice (every field equal). */
export function sameLine(a: StatementLine, b: StatementLine): boolean {
  return (
    a.amountPaise === b.amountPaise &&
    a.direction === b.direction &&
    a.transactionId === b.transactionId &&
    a.referenceNumber === b.referenceNumber &&
    a.transactionDate === b.transactionDate &&
    a.valueDate === b.valueDate &&
    a.runningBalancePaise === b.runningBalancePaise &&
    a.remarks === b.remarks
  );
}
