import { istWallClock } from '../../../shared/domain/ist';
import type { ApiProfile } from '../../../shared/settings/api-profile';
import { type Finding, finding, type Row } from './preflight-checks';

/** Pre-flight's operating-window check (NEFT/RTGS hours and RBI closed days), in India Standard Time. */

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** India Standard Time parts of `at` (IST has no daylight saving: always UTC+05:30). */
export function istParts(at: Date): { minutes: number; weekday: number; dayOfMonth: number; hhmm: string } {
  const ist = istWallClock(at);
  const minutes = ist.getUTCHours() * 60 + ist.getUTCMinutes();
  const hhmm = `${String(ist.getUTCHours()).padStart(2, '0')}:${String(ist.getUTCMinutes()).padStart(2, '0')}`;
  return { minutes, weekday: ist.getUTCDay(), dayOfMonth: ist.getUTCDate(), hhmm };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * NEFT/RTGS outside the profile's window, or on a day the RBI systems are closed (Sunday, 2nd/4th Saturday).
 * A warning, not a block: EnKash queues them, and bank holidays are not known to us anyway.
 */
export function windowFindings(rows: Row[], windows: ApiProfile['windows'], at: Date): Finding[] {
  const { minutes, weekday, dayOfMonth, hhmm } = istParts(at);
  const nthSaturday = Math.ceil(dayOfMonth / 7);
  const closedDay = weekday === 0 || (weekday === 6 && (nthSaturday === 2 || nthSaturday === 4));
  const out: Finding[] = [];
  for (const mode of ['NEFT', 'RTGS'] as const) {
    const these = rows.filter((r) => r.mode === mode);
    if (!these.length) continue;
    const w = windows[mode];
    const inside = minutes >= toMinutes(w.start) && minutes < toMinutes(w.end);
    if (inside && !closedDay) continue;
    const why = closedDay
      ? `today (${WEEKDAY[weekday]}${weekday === 6 ? `, ${nthSaturday === 2 ? '2nd' : '4th'} Saturday` : ''}) is not a ${mode} working day`
      : `it is ${hhmm} IST, outside the ${mode} window ${w.start}–${w.end}`;
    out.push(
      finding(
        'outside_window',
        `${these.length} ${mode} payout(s): ${why}. EnKash may hold them until the next window.`,
        these.map((r) => ({ payoutId: r.id, rowNumber: r.rowNumber, transactionId: r.transactionId })),
        { mode },
      ),
    );
  }
  return out;
}
