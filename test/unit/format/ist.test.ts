import { describe, expect, it } from 'vitest';
import { parseWireTime } from '../../../src/main/sandbox/paging';
import { parseStatementTime } from '../../../src/main/services/statement-recon/normalise';
import {
  addDays,
  DAY_MS,
  formatIst,
  IST_OFFSET_MS,
  IST_OFFSET_TEXT,
  isIstDate,
  istDateOf,
  istDayStartMs,
  istRange,
  istWallClock,
  istWeekStart,
  SQL_IST,
} from '../../../src/shared/domain/ist';

describe('IST constants', () => {
  it('is a fixed +05:30 in every unit the code uses', () => {
    expect(IST_OFFSET_MS).toBe(19_800_000);
    expect(IST_OFFSET_TEXT).toBe('+05:30');
    expect(SQL_IST).toBe("'+330 minutes'");
    expect(DAY_MS).toBe(86_400_000);
  });
});

describe('istDateOf', () => {
  it('changes day exactly at IST midnight (18:30 UTC), whatever the input type', () => {
    expect(istDateOf('2026-03-31T18:29:59.999Z')).toBe('2026-03-31');
    expect(istDateOf('2026-03-31T18:30:00.000Z')).toBe('2026-04-01');
    expect(istDateOf(Date.parse('2026-03-31T18:30:00.000Z') - 1)).toBe('2026-03-31');
    expect(istDateOf(new Date('2026-03-31T18:30:00.000Z'))).toBe('2026-04-01');
  });
  it('knows the leap day', () => {
    expect(istDateOf('2024-02-28T18:29:59.999Z')).toBe('2024-02-28');
    expect(istDateOf('2024-02-28T18:30:00.000Z')).toBe('2024-02-29');
    expect(istDateOf('2024-02-29T18:29:59.999Z')).toBe('2024-02-29');
    expect(istDateOf('2024-02-29T18:30:00.000Z')).toBe('2024-03-01');
  });
});

describe('formatIst', () => {
  it('writes YYYY-MM-DD HH:mm:ss in IST on both sides of midnight', () => {
    expect(formatIst(new Date('2025-03-31T18:29:59.999Z'))).toBe('2025-03-31 23:59:59');
    expect(formatIst(new Date('2025-03-31T18:30:00Z'))).toBe('2025-04-01 00:00:00');
    expect(formatIst(new Date('2024-02-29T08:35:09Z'))).toBe('2024-02-29 14:05:09');
  });
});

describe('istWallClock', () => {
  it('gives a Date whose UTC fields read the IST wall clock', () => {
    const d = istWallClock(new Date('2024-02-28T18:30:00.000Z'));
    expect([d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCDay()]).toEqual([29, 0, 0, 4]);
    expect(istWallClock(0).toISOString()).toBe('1970-01-01T05:30:00.000Z');
  });
});

describe('istDayStartMs and istRange', () => {
  it('starts an IST day at 18:30 UTC the day before, leap day included', () => {
    expect(new Date(istDayStartMs('2024-02-29')).toISOString()).toBe('2024-02-28T18:30:00.000Z');
    expect(new Date(istDayStartMs('2024-03-01')).toISOString()).toBe('2024-02-29T18:30:00.000Z');
    const start = istDayStartMs('2024-02-29');
    expect(istDateOf(start)).toBe('2024-02-29');
    expect(istDateOf(start - 1)).toBe('2024-02-28');
  });
  it('rejects dates that do not exist as invalid_input naming the field', () => {
    expect(() => istDayStartMs('2023-02-29', 'from')).toThrow(
      expect.objectContaining({ code: 'invalid_input', details: { field: 'from' } }),
    );
    expect(() => istDayStartMs('2024-2-29')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
  it('covers IST days from … to inclusive as [start, end) UTC text', () => {
    expect(istRange('2024-02-29', '2024-02-29')).toEqual({
      start: '2024-02-28T18:30:00.000Z',
      end: '2024-02-29T18:30:00.000Z',
    });
    expect(istRange(undefined, '2024-02-28')).toEqual({ start: null, end: '2024-02-28T18:30:00.000Z' });
    expect(() => istRange('2024-03-01', '2024-02-29')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('calendar helpers', () => {
  it('isIstDate accepts only real YYYY-MM-DD dates', () => {
    expect(isIstDate('2024-02-29')).toBe(true);
    expect(isIstDate('2023-02-29')).toBe(false);
    expect(isIstDate('2024-02-29T00:00')).toBe(false);
  });
  it('istWeekStart goes back to Monday, addDays crosses the leap day', () => {
    expect(istWeekStart('2024-03-03')).toBe('2024-02-26'); // a Sunday
    expect(istWeekStart('2024-02-26')).toBe('2024-02-26'); // already Monday
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('the parsers that read zone-less text as IST agree with the module', () => {
  it('a bare date or wall-clock midnight is the IST day start', () => {
    const start = istDayStartMs('2024-02-29');
    expect(parseWireTime('2024-02-29', 'start')).toBe(start);
    expect(parseWireTime('2024-02-29', 'end')).toBe(start + DAY_MS - 1);
    expect(parseWireTime('2024-02-29T00:00:00', 'start')).toBe(start);
    expect(parseStatementTime('2024-02-29 00:00')).toBe(start);
    expect(parseStatementTime('29-02-2024 00:00')).toBe(start);
  });
});
