import { isIstDate, istWallClock } from './ist';

/**
 * Dates as Indian accountants write them: DD/MM/YYYY (issue 17 point 10). A typed date means that calendar day
 * in IST; inside, a day travels as YYYY-MM-DD (what shared/domain/ist's istRange and the IPC filters take).
 * Pure: the renderer's date fields and any screen text use it, whatever the browser's locale says.
 */

// D/M/YYYY with "/", "-" or "." between, as people type it; YYYY-MM-DD is unambiguous, so it is accepted too
// (a pasted ISO date). "03/12" alone is refused: without a year the day is a guess.
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: string | number) => String(n).padStart(2, '0');

/** "03/12/2026" (or "3-12-2026", "2026-12-03") → "2026-12-03"; null when it is not a real calendar day. */
export function parseIndianDate(text: string): string | null {
  const t = text.trim();
  const ymd = YMD.exec(t);
  const dmy = DMY.exec(t);
  const day = ymd ? t : dmy ? `${dmy[3]}-${pad(dmy[2]!)}-${pad(dmy[1]!)}` : null;
  return day !== null && isIstDate(day) ? day : null;
}

/** "2026-12-03" → "03/12/2026"; anything that is not a YYYY-MM-DD day is returned as it is. */
export function formatIndianDate(day: string): string {
  const m = YMD.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** What a date field says when the text is not a day it can use. */
export const INDIAN_DATE_HINT = 'Type the date as DD/MM/YYYY, e.g. 31/03/2026.';

/**
 * An instant for a person ("01/04/2025, 12:30 am IST"): the IST day DD/MM/YYYY and the IST clock, whatever the
 * zone or locale of the computer. Screens and messages meant for people use this; exports and the CLI keep
 * ist.ts's sortable formatIst. Null for a time that does not parse.
 */
export function formatIndianDateTime(at: Date | string): string | null {
  const instant = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(instant.getTime())) return null;
  const d = istWallClock(instant);
  const h = d.getUTCHours();
  const clock = `${pad(h % 12 === 0 ? 12 : h % 12)}:${pad(d.getUTCMinutes())} ${h < 12 ? 'am' : 'pm'}`;
  return `${formatIndianDate(d.toISOString().slice(0, 10))}, ${clock} IST`;
}
