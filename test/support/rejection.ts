import { expect } from 'vitest';
import { AppError } from '../../src/shared/domain/errors';

/** Awaits a promise that must reject with an AppError, and returns that error for closer checks. */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected the call to fail');
}
