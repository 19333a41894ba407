import { describe, expect, it } from 'vitest';
import { formatIstDayForScreen, formatIstForScreen } from '../../../src/renderer/components/format';

describe('dates on screen are DD/MM/YYYY in IST (issue 17 point 10)', () => {
  it('shows the IST day and clock of a UTC instant', () => {
    // 19:00 UTC on 31 March is 00:30 IST on 1 April.
    expect(formatIstForScreen('2025-03-31T19:00:00.000Z')).toBe('01/04/2025, 12:30 am IST');
    expect(formatIstForScreen('2026-12-03T08:35:09Z')).toBe('03/12/2026, 02:05 pm IST');
    expect(formatIstForScreen('2026-12-03T06:30:00Z')).toBe('03/12/2026, 12:00 pm IST');
  });

  it('keeps a missing or unreadable time visible as such', () => {
    expect(formatIstForScreen(null)).toBe('—');
    expect(formatIstForScreen('not a time')).toBe('not a time');
  });

  it('shows a day as DD/MM/YYYY', () => {
    expect(formatIstDayForScreen('2025-04-01')).toBe('01/04/2025');
    expect(formatIstDayForScreen(null)).toBe('—');
  });
});
