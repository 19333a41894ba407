import { AppError } from '../../../shared/ipc/errors';

/**
 * India Standard Time helpers. IST is UTC+05:30 with no daylight saving (none since 1945), so a fixed offset is
 * exact and needs no time-zone database. Stored times are ISO-8601 UTC text (`toISOString()`), which compares
 * correctly as text — every bound built here is in that same format so SQLite can range-scan an index with it.
 */

export const IST_OFFSET_MINUTES = 330;
const IST_OFFSET_MS = IST_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** SQLite modifier that turns a UTC time into IST wall-clock time: `date(x, '+330 minutes')`. */
export const SQL_IST = `'+${IST_OFFSET_MINUTES} minutes'`;

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
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Monday (IST) of the week that contains `day` (YYYY-MM-DD), as YYYY-MM-DD. */
export function istWeekStart(day: string): string {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(ms - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** Next calendar day (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
