import { describe, expect, it } from 'vitest';
import { maskName } from '../../../src/shared/domain/mask';

describe('maskName (audit data of held payees, issue 12)', () => {
  it.each([
    ['Ravi Kumar', 'R*** K***'],
    ['  meena   iyer ', 'M*** I***'],
    ['M/S KUMAR AND SONS', 'M*** K*** A*** S***'],
    ['A', 'A***'],
    ['Ānand Rao', 'Ā*** R***'],
    ['', '—'],
    [null, '—'],
  ])('%j → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never tells the length of a word', () => {
    expect(maskName('Al Bartholomew')).toBe('A*** B***');
  });
});
