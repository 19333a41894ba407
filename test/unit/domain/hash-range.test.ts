import { describe, expect, it } from 'vitest';
import { Hash53Builder, hash53 } from '../../../src/shared/domain/hash';

// The range methods feed the duplicate and id keys of every plain row (sheet/plain-rows.ts): they must hash exactly
// what `text` would on the slice, or duplicates found through the plain path would stop matching the full path's.
describe('Hash53Builder ranges', () => {
  const h = new Hash53Builder();
  const samples = ['', 'a', 'HDFC0001234', 'ravi@okaxis', 'Ab9-z_Z!', 'नमस्ते', '12345678901234567890'];

  it('range hashes text[start, end) as hash53 of the slice, after what came before', () => {
    for (const text of samples) {
      const padded = `xx${text}yy`;
      expect(
        h
          .reset()
          .range(padded, 2, 2 + text.length)
          .value(),
      ).toBe(hash53(text));
      expect(
        h
          .reset()
          .text('ac:')
          .range(padded, 2, 2 + text.length)
          .code(35)
          .value(),
      ).toBe(hash53(`ac:${text}#`));
    }
  });

  it('upperAsciiRange upper-cases a–z only, as toUpperCase does on ASCII letters and digits', () => {
    for (const text of ['abc123', 'ABCdef', 'z', '', 'Tx0009aZ']) {
      const padded = `--${text}--`;
      expect(
        h
          .reset()
          .upperAsciiRange(padded, 2, 2 + text.length)
          .value(),
      ).toBe(hash53(text.toUpperCase()));
    }
  });
});
