import type { Problem } from '../domain/issue';

/**
 * Damage Excel does to identifiers typed into General/Number cells:
 * - a long account number shown as 1.23457E+15 and saved like that into CSV (digits are gone);
 * - an xlsx numeric cell holds an IEEE double, and Excel keeps only 15 significant digits, so a 16+ digit
 *   account number in a numeric cell is already wrong;
 * - a numeric cell drops leading zeros (00012345678 → 12345678).
 */

const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i;
const MAX_EXPONENT = 400;

/** True for text like "1.23457E+15" or "9.87654E+11". */
export function looksScientific(text: string): boolean {
  // Every cell of an identifier column asks; the pattern needs an "e", which almost no identifier has.
  if (text.indexOf('e') === -1 && text.indexOf('E') === -1) return false;
  return SCIENTIFIC.test(text.trim());
}

/**
 * `looksScientific(text.slice(start, end))` for a cell whose ends are not whitespace (the sheet's plain rows): the
 * pattern starts with a sign or a digit, so any other first character answers without the slice.
 */
export function looksScientificAt(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  if (end <= start || !((first >= 48 && first <= 57) || first === 43 || first === 45)) return false;
  return looksScientific(text.slice(start, end));
}

/**
 * Writes the text of an xlsx numeric value ("1.23456789012346E+15", "1180.5", "-2E-3") as a plain decimal
 * ("1234567890123460") by moving the decimal point in the digit string — no float parsing. Values with absurd
 * exponents are returned unchanged.
 */
export function expandNumericText(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!m) return text;
  const [, sign, intPart = '', fracPart = '', expText] = m;
  const exp = expText ? Number(expText) : 0;
  if (Math.abs(exp) > MAX_EXPONENT) return text;
  let digits = intPart + fracPart;
  let point = intPart.length + exp;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  let whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  if (whole === '') whole = '0';
  const plain = frac ? `${whole}.${frac}` : whole;
  return sign === '-' && /[1-9]/.test(plain) ? `-${plain}` : plain;
}

/** Digits needed to write the number exactly: integer digits (without leading zeros) plus fraction digits. */
export function numericDigitCount(plain: string): number {
  const [whole = '', frac = ''] = plain.replace(/^[+-]/, '').split('.');
  return whole.replace(/^0+/, '').length + frac.length;
}

/** Excel keeps at most 15 significant digits of a number. */
export const EXCEL_SIGNIFICANT_DIGITS = 15;

/**
 * Checks an identifier-like cell (account number, ids, phone, reference). `numericText` is set when the value
 * came from a numeric xlsx cell. Returns at most one error, plus the leading-zeros warning for accounts.
 */
export function checkExcelDamage(value: string, numericText: string | undefined, isAccount: boolean): Problem[] {
  if (looksScientific(value)) {
    return [
      {
        code: 'excel_scientific_notation',
        severity: 'error',
        message:
          'Value is in scientific notation (like 1.23457E+15): Excel has already replaced the last digits. Format the column as Text in Excel and type the full number again.',
      },
    ];
  }
  if (numericText === undefined) return [];
  const plain = expandNumericText(numericText);
  if (numericDigitCount(plain) > EXCEL_SIGNIFICANT_DIGITS) {
    return [
      {
        code: 'excel_precision_loss',
        severity: 'error',
        message: `Excel stored this as a number with more than ${EXCEL_SIGNIFICANT_DIGITS} digits, which it cannot keep exactly; the digits may already be wrong. Format the column as Text in Excel and type the number again.`,
      },
    ];
  }
  if (isAccount && /^\d+$/.test(plain) && plain.length < 9) {
    return [
      {
        code: 'excel_leading_zeros',
        severity: 'warning',
        message: `Account number came from a number cell and has only ${plain.length} digits; Excel may have dropped leading zeros. Format the column as Text and check it.`,
      },
    ];
  }
  return [];
}
