import { formatIndianDate, formatIndianDateTime } from '../../shared/domain/indian-date';
import { maskAccount } from '../../shared/domain/mask';
import { formatPaise } from '../../shared/domain/money';

// Account numbers are shown masked the same way everywhere (screens, CLI, exports, logs).
export { formatPaise, maskAccount };

/**
 * A date for a person on screen ("03/12/2026, 02:05 pm IST", "—" when missing): DD/MM/YYYY in IST whatever the
 * computer's zone or locale (issue 17 point 10) — EnKash and the banks work in IST. Not shared/domain/ist's
 * formatIst, which is the sortable machine form for exports, PDFs and the CLI.
 */
export function formatIstForScreen(iso: string | null | undefined): string {
  if (!iso) return '—';
  return formatIndianDateTime(iso) ?? iso;
}

/** An IST calendar day (YYYY-MM-DD, as main sends days) as DD/MM/YYYY. */
export function formatIstDayForScreen(day: string | null | undefined): string {
  return day ? formatIndianDate(day) : '—';
}
