import type { Problem } from '../domain/issue';
import { quoteValue } from '../domain/issue';
import { formatPaise } from '../domain/money';
import type { ModeLimits, TransferMode } from '../domain/payout';
import { TRANSFER_MODES } from '../domain/payout';

export type ModeCheck = { value: TransferMode | null; problems: Problem[] };

/** The mode when the cell is written exactly as one (upper-case, as checkMode stores it), else null: no copy. */
export function exactMode(text: string): TransferMode | null {
  return text === 'IMPS' || text === 'NEFT' || text === 'RTGS' || text === 'UPI' ? text : null;
}

/**
 * `exactMode(text.slice(start, end))` as its place in TRANSFER_MODES plus one (0 when not exact): the sheet's plain
 * rows read the mode in place (sheet/plain-rows.ts).
 */
export function exactModeAt(text: string, start: number, end: number): number {
  const n = end - start;
  if (n < 3 || n > 4) return 0;
  for (let m = 0; m < TRANSFER_MODES.length; m++) {
    const mode = TRANSFER_MODES[m]!;
    if (mode.length !== n) continue;
    let i = 0;
    while (i < n && text.charCodeAt(start + i) === mode.charCodeAt(i)) i++;
    if (i === n) return m + 1;
  }
  return 0;
}

/** Parses a mode cell case-insensitively; blank is not an error (a default is chosen later). */
export function checkMode(raw: string): ModeCheck {
  const value = raw.trim().toUpperCase();
  if ((TRANSFER_MODES as readonly string[]).includes(value)) return { value: value as TransferMode, problems: [] };
  return {
    value: null,
    problems: [
      {
        code: 'mode_invalid',
        severity: 'error',
        message: `Payment mode ${quoteValue(raw.trim())} is not one of IMPS, NEFT, RTGS or UPI.`,
      },
    ],
  };
}

/**
 * The mode used when the sheet leaves it blank: UPI for a VPA payee; otherwise IMPS up to the IMPS limit
 * (instant, 24×7) and NEFT above it. Shown to the user as a default, never hidden.
 */
export function defaultMode(hasVpa: boolean, amountPaise: number | null, limits: ModeLimits): TransferMode {
  if (hasVpa) return 'UPI';
  const impsMax = limits.IMPS.maxPaise;
  if (impsMax !== null && amountPaise !== null && amountPaise > impsMax) return 'NEFT';
  return 'IMPS';
}

/** False when checkModeMatchesPayee has a problem to report; asked first so a matching row allocates nothing. */
export function modeMatchesPayee(mode: TransferMode, payee: 'bank' | 'vpa' | 'id-only' | 'none'): boolean {
  return mode === 'UPI' ? payee !== 'bank' : payee !== 'vpa';
}

/** UPI needs a VPA; bank modes need account + IFSC. `payee` is what the row carries. */
export function checkModeMatchesPayee(mode: TransferMode, payee: 'bank' | 'vpa' | 'id-only' | 'none'): Problem[] {
  if (modeMatchesPayee(mode, payee)) return [];
  if (mode === 'UPI') {
    return [
      {
        code: 'mode_mismatch',
        severity: 'error',
        message: 'Mode is UPI but the payee has a bank account, not a UPI ID. Use IMPS/NEFT/RTGS or give a UPI ID.',
      },
    ];
  }
  return [
    {
      code: 'mode_mismatch',
      severity: 'error',
      message: `Mode is ${mode} but the payee has only a UPI ID. Use UPI or give an account number and IFSC.`,
    },
  ];
}

// The limits are a handful of profile constants, but a sheet of too-large amounts formats one per error row:
// Intl's formatToParts is the slow part, so each limit is formatted once.
const limitTexts = new Map<number, string>();
function limitText(paise: number): string {
  let text = limitTexts.get(paise);
  if (text === undefined) {
    text = formatPaise(paise);
    if (limitTexts.size < 64) limitTexts.set(paise, text);
  }
  return text;
}

/** False when checkModeLimits has a problem to report; asked first so an amount within limits allocates nothing. */
export function withinModeLimits(mode: TransferMode, amountPaise: number, limits: ModeLimits): boolean {
  const { minPaise, maxPaise } = limits[mode];
  return (maxPaise === null || amountPaise <= maxPaise) && (minPaise === null || amountPaise >= minPaise);
}

/** Checks an amount against the API profile's per-mode limits (paise; null = no client-side limit). */
export function checkModeLimits(mode: TransferMode, amountPaise: number, limits: ModeLimits): Problem[] {
  const { minPaise, maxPaise } = limits[mode];
  if (maxPaise !== null && amountPaise > maxPaise) {
    const hint = mode === 'IMPS' || mode === 'UPI' ? ' Use NEFT or RTGS for larger amounts.' : '';
    return [
      {
        code: 'amount_above_mode_limit',
        severity: 'error',
        message: `${formatPaise(amountPaise)} is above the ${mode} limit of ${limitText(maxPaise)}.${hint}`,
      },
    ];
  }
  if (minPaise !== null && amountPaise < minPaise) {
    const hint = mode === 'RTGS' ? ' Use NEFT or IMPS for smaller amounts.' : '';
    return [
      {
        code: 'amount_below_mode_minimum',
        severity: 'error',
        message: `${formatPaise(amountPaise)} is below the ${mode} minimum of ${limitText(minPaise)}.${hint}`,
      },
    ];
  }
  return [];
}
