import { formatPaise } from '../../components/format';

/**
 * Chart labels. The data stays integer paise all the way into the chart; only the text on an axis or in a
 * tooltip is formatted, with the same Indian-grouped ₹ as the rest of the app (shared/format/rupees.ts).
 */

/** An axis tick: "₹1,25,000" for whole rupees, "₹12.50" otherwise. Chart ticks can be fractional paise. */
export function axisRupees(paise: number): string {
  return formatPaise(Math.round(paise)).replace(/\.00$/, '');
}

const DAY = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', day: '2-digit', month: 'short' });
const DAY_TIME = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** "2026-03-05" (an IST calendar day) → "05 Mar". */
export function periodLabel(period: string): string {
  // Noon UTC is the same calendar day in IST, so the label never slips a day.
  return DAY.format(new Date(`${period}T12:00:00Z`));
}

/** A check time on the balance line's axis: the IST day, with the time when the range is short. */
export function timeTick(ms: number, withTime: boolean): string {
  return (withTime ? DAY_TIME : DAY).format(new Date(ms));
}
