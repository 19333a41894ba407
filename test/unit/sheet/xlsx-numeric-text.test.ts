import { describe, expect, it } from 'vitest';
import { expandNumericText } from '../../../src/shared/rules/excel-damage';
import { numericCellText } from '../../../src/shared/sheet/xlsx-parse';

// numericCellText skips expandNumericText for numbers already written plainly; it must never change a result.

describe('numericCellText', () => {
  it('gives expandNumericText’s text for the edge cases of sign, zeros, point and exponent', () => {
    const cases = ['0', '-0', '0.0', '-0.5', '0.5', '10', '100.10', '-100', '1e5', '1.23E-3', '0.', '.5', '-.5'];
    for (const text of [...cases, '1.', '00', '-00.1', '+5', ' 5', '1180.0000000000002', '123456789012345678']) {
      expect(numericCellText(text), text).toBe(expandNumericText(text));
    }
  });

  it('agrees with expandNumericText on 200,000 generated number-like strings', () => {
    const alphabet = '0195.-+eE ';
    let seed = 1;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    for (let i = 0; i < 200_000; i++) {
      let text = '';
      for (let j = 1 + next(8); j > 0; j--) text += alphabet[next(alphabet.length)];
      if (numericCellText(text) !== expandNumericText(text)) expect.fail(`differs for ${JSON.stringify(text)}`);
    }
  });
});
