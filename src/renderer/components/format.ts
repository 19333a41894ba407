import { maskAccount } from '../../shared/domain/mask';
import { formatPaise } from '../../shared/domain/money';

// Account numbers are shown masked the same way everywhere (screens, CLI, exports, logs).
export { formatPaise, maskAccount };

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
