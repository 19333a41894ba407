import { describe, expect, it } from 'vitest';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import type { MappedRow } from '../../../src/shared/sheet/row-draft';
import { validateMappedRows } from '../../../src/shared/sheet/validate-sheet';

const options = { modeLimits: DEFAULT_API_PROFILE.modeLimits };
const ravi = (row: number, extra: Record<string, string> = {}): MappedRow => ({
  row,
  values: {
    name: 'Ravi Kumar',
    accountNumber: '123456789012',
    ifsc: 'SBIN0000300',
    amount: '45000',
    remark: 'Nov',
    ...extra,
  },
});

describe('repeated payout rows in the import summary (issue 17 point 1)', () => {
  it('counts every exact repeat after the first payable row, with its amount', () => {
    const s = validateMappedRows([ravi(2), ravi(3), ravi(4), ravi(5, { remark: 'Bonus' })], 'payouts', options).summary;
    expect(s).toMatchObject({ validRows: 4, repeatRows: 2, repeatPaise: 9_000_000 });
  });

  it('a repeat of a row with an error is the one that is paid', () => {
    const s = validateMappedRows([ravi(2, { name: '' }), ravi(3)], 'payouts', options).summary;
    expect(s).toMatchObject({ validRows: 1, repeatRows: 0 });
  });
});
