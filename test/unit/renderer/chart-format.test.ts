import { describe, expect, it } from 'vitest';
import { axisRupees, periodLabel, periodTick, timeTick } from '../../../src/renderer/features/history/chart-format';

describe('dashboard chart labels', () => {
  it('writes axis ticks (integer paise) as rupees in Indian grouping, paise only when there are some', () => {
    expect(axisRupees(0)).toBe('₹0');
    expect(axisRupees(1_50_000_00)).toBe('₹1,50,000');
    expect(axisRupees(12_34_56_789_00)).toBe('₹12,34,56,789');
    expect(axisRupees(1_250)).toBe('₹12.50');
    // A chart may hand a fractional tick; it is rounded to a whole paisa before it is formatted.
    expect(axisRupees(2_500_000.4)).toBe('₹25,000');
    expect(axisRupees(-5_00)).toBe('-₹5');
  });

  it('labels IST days and check times whatever the machine zone', () => {
    // DD/MM/YYYY as every date on screen (issue 17 point 10); the axis drops the year the tooltip carries.
    expect(periodLabel('2026-03-05')).toBe('05/03/2026');
    expect(periodTick('2026-03-05')).toBe('05/03');
    // 18:40 UTC on 1 March is 00:10 IST on 2 March.
    const at = Date.UTC(2026, 2, 1, 18, 40);
    expect(timeTick(at, false)).toBe('02/03');
    expect(timeTick(at, true)).toMatch(/^02\/03 12:10\s?am$/i);
  });
});
