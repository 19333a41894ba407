import { formatIndianDate } from '../../../shared/domain/indian-date';
import { istDateOf } from '../../../shared/domain/ist';
import { formatPaise } from '../../components/format';

/**
 * Chart labels. The data stays integer paise all the way into the chart; only the text on an axis or in a
 * tooltip is formatted, with the same Indian-grouped ₹ as the rest of the app (shared/format/rupees.ts).
 */

/** An axis tick: "₹1,25,000" for whole rupees, "₹12.50" otherwise. Chart ticks can be fractional paise. */
export function axisRupees(paise: number): string {
  return formatPaise(Math.round(paise)).replace(/\.00$/, '');
}

const CLOCK = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit' });

/** "2026-03-05" (an IST calendar day) → "05/03/2026", as every other date on screen (tooltips, titles). */
export function periodLabel(period: string): string {
  return formatIndianDate(period);
}

/** The same day on a crowded axis: "05/03" (the year is in the tooltip). */
export function periodTick(period: string): string {
  return formatIndianDate(period).slice(0, 5);
}

/** A check time on the balance line's axis: the IST day "DD/MM", with the IST clock when the range is short. */
export function timeTick(ms: number, withTime: boolean): string {
  const day = periodTick(istDateOf(new Date(ms).toISOString()));
  return withTime ? `${day} ${CLOCK.format(new Date(ms))}` : day;
}
