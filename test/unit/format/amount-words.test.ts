import { describe, expect, it } from 'vitest';
import { paiseInWords } from '../../../src/shared/format/amount-words';

describe('paiseInWords (Indian numbering)', () => {
  it('says lakhs, thousands, hundreds and paise', () => {
    expect(paiseInWords(12345678)).toBe(
      'Rupees One Lakh Twenty Three Thousand Four Hundred Fifty Six and Seventy Eight Paise Only',
    );
  });
  it('leaves out zero paise and zero groups', () => {
    expect(paiseInWords(10000000)).toBe('Rupees One Lakh Only');
    expect(paiseInWords(100100)).toBe('Rupees One Thousand One Only');
    expect(paiseInWords(100)).toBe('Rupees One Only');
  });
  it('says crores, also above ninety-nine crore', () => {
    expect(paiseInWords(1_00_00_000_00)).toBe('Rupees One Crore Only');
    expect(paiseInWords(12_34_56_789_05)).toBe(
      'Rupees Twelve Crore Thirty Four Lakh Fifty Six Thousand Seven Hundred Eighty Nine and Five Paise Only',
    );
    expect(paiseInWords(1_00_000_00_00_000_00)).toBe('Rupees One Lakh Crore Only');
    expect(paiseInWords(250_00_00_000_00)).toBe('Rupees Two Hundred Fifty Crore Only');
  });
  it('handles amounts below a rupee and the teens', () => {
    expect(paiseInWords(1)).toBe('Rupees Zero and One Paise Only');
    expect(paiseInWords(1999)).toBe('Rupees Nineteen and Ninety Nine Paise Only');
    expect(paiseInWords(0)).toBe('Rupees Zero Only');
  });
  it('refuses what is not whole non-negative paise', () => {
    expect(() => paiseInWords(1.5)).toThrow(RangeError);
    expect(() => paiseInWords(-100)).toThrow(RangeError);
  });
});
