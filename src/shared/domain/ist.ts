import { AppError } from './errors';

/**
 * India Standard Time, once. IST is UTC+05:30 with no daylight saving (none since 1945), so a fixed offset is
 * exact and needs no time-zone database — which keeps this module pure enough for main, the CLI and the renderer.
 * Stored times are ISO-8601 UTC text (`toISOString()`), which compares correctly as text; every bound built here
 * is in that same format so SQLite can range-scan an index with it.
 */

export const IST_OFFSET_MINUTES = 330;
export const IST_OFFSET_MS = IST_OFFSET_MINUTES * 60_000;
/** The offset as an ISO-8601 suffix, for reading zone-less wall-clock text as IST. */
export const IST_OFFSET_TEXT = '+05:30';
export const DAY_MS = 86_400_000;

/** SQLite modifier that turns a UTC time into IST wall-clock time: `date(x, '+330 minutes')`. */
export const SQL_IST = `'+${IST_OFFSET_MINUTES} minutes'`;

/**
 * `at` shifted by the offset, so its UTC fields (getUTCHours, toISOString, …) read IST wall-clock time. Also what
 * Excel needs: it has no zones and shows a Date's UTC fields as typed.
 */
export function istWallClock(at: Date | number): Date {
  return new Date((typeof at === 'number' ? at : at.getTime()) + IST_OFFSET_MS);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIstDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Midnight IST at the start of `day` (YYYY-MM-DD) as a UTC instant in ms. Throws invalid_input otherwise. */
export function istDayStartMs(day: string, field = 'date'): number {
  if (!isIstDate(day)) throw new AppError('invalid_input', `${field} must be a date written YYYY-MM-DD.`, { field });
  return Date.parse(`${day}T00:00:00.000Z`) - IST_OFFSET_MS;
}

/** The UTC ISO bounds [start, end) covering IST days `from` … `to` inclusive (either may be omitted). */
export function istRange(from?: string, to?: string): { start: string | null; end: string | null } {
  const start = from ? istDayStartMs(from, 'from') : null;
  const end = to ? istDayStartMs(to, 'to') + DAY_MS : null;
  if (start !== null && end !== null && start >= end) {
    throw new AppError('invalid_input', 'The start date is after the end date.', { from, to });
  }
  return {
    start: start === null ? null : new Date(start).toISOString(),
    end: end === null ? null : new Date(end).toISOString(),
  };
}

/** The IST calendar day (YYYY-MM-DD) of an instant. */
export function istDateOf(instant: Date | number | string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  return istWallClock(ms).toISOString().slice(0, 10);
}

/** The Monday (IST) of the week that contains `day` (YYYY-MM-DD), as YYYY-MM-DD. */
export function istWeekStart(day: string): string {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(ms - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day `days` after `day` (YYYY-MM-DD; negative goes back). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "2025-03-31 14:05:09" in IST — the machine-readable form for exports, PDFs and the CLI. */
export function formatIst(date: Date): string {
  const d = istWallClock(date);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
