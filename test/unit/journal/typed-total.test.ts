import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/domain/errors';
import { checkProductionName, checkTypedTotal } from '../../../src/main/services/submission/confirm';

const refused = (fn: () => void): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
};

describe('typed control total', () => {
  it('accepts the exact total however a person types it', () => {
    for (const typed of ['123456.50', '1,23,456.50', '₹1,23,456.50', 'Rs. 123456.5', '123,456.50', ' 123456.50 ']) {
      expect(() => checkTypedTotal(typed, 12_345_650)).not.toThrow();
    }
  });

  it('refuses a total off by one paisa, with a rounded amount, or unreadable', () => {
    expect(refused(() => checkTypedTotal('123456.49', 12_345_650)).message).toContain('does not match');
    expect(refused(() => checkTypedTotal('123456.5', 12_345_651)).code).toBe('invalid_input');
    expect(refused(() => checkTypedTotal('123456.505', 12_345_650)).details).toMatchObject({
      reason: 'too_many_decimals',
    });
    expect(refused(() => checkTypedTotal('', 100)).details).toMatchObject({ reason: 'empty' });
    expect(refused(() => checkTypedTotal('1.2e5', 12_000_000)).code).toBe('invalid_input');
  });

  it('production: the batch name must be typed (case and spacing do not matter)', () => {
    expect(refused(() => checkProductionName('Salaries Nov', undefined)).message).toContain('PRODUCTION');
    expect(refused(() => checkProductionName('Salaries Nov', 'Salaries Oct')).code).toBe('invalid_input');
    expect(() => checkProductionName('Salaries Nov', ' salaries  NOV ')).not.toThrow();
  });
});
