import { describe, expect, it } from 'vitest';
import { payoutInputSchema } from '../../../src/main/enkash/inputs';
import { checkReference } from '../../../src/shared/rules/reference';

describe('reference rule', () => {
  it.each(['INV001', 'INV/001', 'PO-2026-03', 'Bill 17.a', 'ACME_MAR_26'])('accepts the invoice number %s', (ref) => {
    expect(checkReference(ref)).toEqual({ value: ref, problems: [] });
  });

  it.each(['INV#001', '=HYPERLINK("x")', 'x'.repeat(51), 'Ref:12'])('refuses %s with reference_invalid', (ref) => {
    expect(checkReference(ref).problems.map((p) => p.code)).toEqual(['reference_invalid']);
  });

  it('agrees with the EnKash client: whatever passes the sheet rule is accepted at staging', () => {
    for (const reference of ['INV/001', 'PO-2026-03', 'Bill 17.a']) {
      const parsed = payoutInputSchema.safeParse({
        transactionId: 'TX1',
        amountPaise: 10000,
        mode: 'IMPS',
        beneficiaryId: 'B1',
        reference,
      });
      expect(parsed.success).toBe(true);
    }
  });
});
