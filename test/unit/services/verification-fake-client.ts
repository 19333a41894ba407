import { AppError } from '../../../src/shared/domain/errors';
import type { BankAccountCheck, BankAccountCheckInput } from '../../../src/main/enkash/verification';

type Answer = BankAccountCheck | Error | ((input: BankAccountCheckInput) => BankAccountCheck | Error);

/**
 * A stand-in for `client.verifyBankAccount` that counts calls and in-flight checks. `hold` keeps every call
 * pending until `release()`, so a test can see how many run at once and cancel in the middle.
 */
export function fakeVerifyClient(answers: Record<string, Answer>, opts: { hold?: boolean } = {}) {
  const calls: BankAccountCheckInput[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const waiting: (() => void)[] = [];
  let holding = opts.hold ?? false;
  const client = {
    async verifyBankAccount(input: BankAccountCheckInput, signal?: AbortSignal): Promise<BankAccountCheck> {
      calls.push(input);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
        if (signal?.aborted) throw new AppError('cancelled', 'The bank-account check was cancelled.');
        const a = answers[input.accountNumber];
        if (a === undefined) throw new Error(`no fake answer for this account`);
        const value = typeof a === 'function' ? a(input) : a;
        if (value instanceof Error) throw value;
        return value;
      } finally {
        inFlight--;
      }
    },
  };
  return {
    client,
    calls,
    maxInFlight: () => maxInFlight,
    inFlight: () => inFlight,
    /** Lets every held call answer, and the later ones answer at once. */
    release() {
      holding = false;
      for (const w of waiting.splice(0)) w();
    },
    /** Lets the `n` oldest held calls answer. */
    releaseSome(n: number) {
      for (const w of waiting.splice(0, n)) w();
    },
    waitingCount: () => waiting.length,
  };
}

export const verified = (bankName: string | null, extra: Partial<BankAccountCheck> = {}): BankAccountCheck => ({
  status: 'verified',
  bankName,
  rawStatus: 'SUCCESS',
  enkashUniqueId: 'EKU1',
  utr: null,
  ...extra,
});
