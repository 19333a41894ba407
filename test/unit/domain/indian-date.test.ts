import { describe, expect, it } from 'vitest';
import { formatIndianDate, formatIndianDateTime, parseIndianDate } from '../../../src/shared/domain/indian-date';

describe('Indian dates DD/MM/YYYY (issue 17 point 10)', () => {
  it.each([
    ['03/12/2026', '2026-12-03'],
    ['3/12/2026', '2026-12-03'],
    ['03-12-2026', '2026-12-03'],
    ['03.12.2026', '2026-12-03'],
    [' 31/03/2025 ', '2025-03-31'],
    ['29/02/2024', '2024-02-29'],
    ['2026-12-03', '2026-12-03'],
  ])('reads %j as day first', (text, day) => {
    expect(parseIndianDate(text)).toBe(day);
  });

  it.each(['31/02/2025', '29/02/2025', '12/13/2026', '00/01/2026', '03/12', '03/12/26', '2026/12/03', 'today', ''])(
    'refuses %j',
    (text) => {
      expect(parseIndianDate(text)).toBeNull();
    },
  );

  it('formats a day as DD/MM/YYYY and round-trips', () => {
    expect(formatIndianDate('2026-12-03')).toBe('03/12/2026');
    expect(parseIndianDate(formatIndianDate('2025-03-31'))).toBe('2025-03-31');
    expect(formatIndianDate('')).toBe('');
  });
});

describe('formatIndianDateTime', () => {
  it('gives the IST day and clock of an instant, whatever the machine zone', () => {
    expect(formatIndianDateTime('2025-03-31T19:00:00.000Z')).toBe('01/04/2025, 12:30 am IST');
    expect(formatIndianDateTime(new Date('2026-12-03T18:29:59Z'))).toBe('03/12/2026, 11:59 pm IST');
    expect(formatIndianDateTime('garbage')).toBeNull();
  });
});
