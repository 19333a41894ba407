import { describe, expect, it } from 'vitest';
import { footerCellAt, isAmountText, isTotalLabel } from '../../../src/shared/sheet/footer';

/** A seeded generator (no Math.random: a failure must repeat). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Cells a footer check meets first in a row, and near misses of every fast answer.
const SAMPLES = [
  '1',
  '42',
  '1234567890123',
  '12345678901234',
  '0',
  '007',
  '1.5',
  '.5',
  '1,000',
  '₹100',
  'Rs 100',
  'Rs.5',
  'rupees 9',
  'INR 5',
  'in',
  'Ravi',
  'Irfan',
  'Suresh Patel',
  'Sub Total',
  'sub-total',
  'SUBTOTAL',
  'Total',
  'total:',
  'Totals',
  'Grand Total',
  'GRAND-total',
  'Gran',
  'Tot',
  'Tota',
  'Totala',
  'ſubtotal',
  'Gas Agency',
  'Sunil',
  'T',
  'g',
  's',
  ' Total',
  'Total ',
  '\u00a0Total',
  '12 ',
  '#5',
  'x',
  'R',
  'r5',
  'iN',
  'Z9',
  '-5',
  '+5',
  '(5)',
  'tot\u00e1l',
  'gr\u0101nd',
];
const ALPHABET = 'tTgGsSoOaAlLrRuUbBnNdDiI0123456789 .,-₹ſ\u00a0:x';

/** What the footer check would decide of a cell read as a trimmed string: 1 amount, 0 neither, 2 a total label. */
function byString(cell: string): number {
  const t = cell.trim();
  if (isTotalLabel(t)) return 2;
  return isAmountText(t) ? 1 : 0;
}

describe('footerCellAt: the footer check of a cell read in place (issue 15)', () => {
  const agree = (cell: string) => {
    const text = `a,${cell},b`;
    const fast = footerCellAt(text, 2, 2 + cell.length);
    // -1 sends the cell to the string path; 0 and 1 must be what that path would answer.
    if (fast !== -1) expect([cell, fast]).toEqual([cell, byString(cell)]);
  };

  it('answers as the string path does on the usual cells, and says "unsure" for every label', () => {
    for (const cell of SAMPLES) agree(cell);
    expect(footerCellAt('1', 0, 1)).toBe(1);
    expect(footerCellAt('Ravi', 0, 4)).toBe(0);
    for (const label of ['Total', 'Sub Total', 'Grand Total', 'ſubtotal', ' Total']) {
      expect(footerCellAt(label, 0, label.length)).toBe(-1);
    }
  });

  it('agrees with the string path on generated cells', () => {
    const next = rng(15);
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + Math.floor(next() * 8);
      let cell = '';
      for (let j = 0; j < length; j++) cell += ALPHABET[Math.floor(next() * ALPHABET.length)];
      agree(cell);
    }
  });
});
