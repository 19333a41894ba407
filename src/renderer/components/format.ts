import { formatPaise } from '../../shared/domain/money';

export { formatPaise };

/** Account numbers are shown with only the last four digits unless the user asks for more. */
export function maskAccountNumber(value: string | null | undefined): string {
  if (!value) return '—';
  const v = value.replace(/\s+/g, '');
  return v.length <= 4 ? v : `••••${v.slice(-4)}`;
}

const IST = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Dates are shown in IST whatever the computer's zone: EnKash and the banks work in IST. */
export function formatIst(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${IST.format(d)} IST`;
}
