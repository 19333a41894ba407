import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import type { AmountParseFailure } from '../domain/money';
import { formatPaise, parseAmountToPaise } from '../domain/money';
import { ENKASH_AMOUNT } from './enkash-fields';

/** EnKash's documented minimum transfer (enkash-api.md §2.5), from the rule book. */
export const MIN_AMOUNT_PAISE = ENKASH_AMOUNT.minPaise;

const REASONS: Record<AmountParseFailure, string> = {
  empty: 'it is blank',
  negative: 'it is negative; a payout must be a positive amount',
  exponent: 'it is in scientific notation (e.g. 1.5E+3); type the full amount',
  too_many_decimals: 'it has more than 2 decimal places; we never round money, so fix it in the sheet',
  decimal_comma: 'it looks like a decimal comma; use a dot for paise (1500.50)',
  bad_grouping: 'the digit grouping is off; write 1,23,456.50 or 123,456.50 or 123456.50',
  too_large: 'it is too large',
  not_a_number: 'it is not a number',
};

export type AmountCheck = { value: number | null; problems: Problem[] };

/**
 * Checks an amount cell. `fromNumericCell` says the text came from a numeric xlsx cell, where "1180.0000000000002"
 * is a spreadsheet float artefact (usually a formula result) — we still refuse to round it, but say why.
 */
export function checkAmount(raw: string, fromNumericCell = false): AmountCheck {
  const parsed = parseAmountToPaise(raw);
  if (!parsed.ok) {
    let reason = REASONS[parsed.reason];
    if (fromNumericCell && parsed.reason === 'too_many_decimals') {
      reason =
        'Excel stored it with more than 2 decimal places (often a formula result); wrap the formula in ROUND(…, 2) or type the amount';
    }
    const shown = raw.trim() === '' ? '' : ` ${quoteValue(raw.trim())}`;
    return {
      value: null,
      problems: [{ code: 'amount_invalid', severity: 'error', message: `Amount${shown} is not valid: ${reason}.` }],
    };
  }
  if (parsed.paise > ENKASH_AMOUNT.maxPaise) {
    return {
      value: null,
      problems: [
        {
          code: 'amount_invalid',
          severity: 'error',
          message: `Amount ${quoteValue(raw.trim())} is not valid: it is above the largest payout we send, ${formatPaise(ENKASH_AMOUNT.maxPaise)}.`,
        },
      ],
    };
  }
  if (parsed.paise < MIN_AMOUNT_PAISE) {
    return {
      value: parsed.paise,
      problems: [
        {
          code: 'amount_below_minimum',
          severity: 'error',
          message: `Amount ${formatPaise(parsed.paise)} is below the minimum payout of ${formatPaise(MIN_AMOUNT_PAISE)}.`,
        },
      ],
    };
  }
  return { value: parsed.paise, problems: [] };
}
