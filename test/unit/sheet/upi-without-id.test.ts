import { describe, expect, it } from 'vitest';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import { parseSheetBytes, suggestMapping, validateSheet } from '../../../src/shared/sheet/index';
import { encode, sheetOf } from './helpers';

const options = { modeLimits: DEFAULT_API_PROFILE.modeLimits };

async function issuesOf(csv: string) {
  const sheet = sheetOf(await parseSheetBytes(encode(csv), 'upi.csv'));
  return validateSheet(sheet, suggestMapping(sheet.headers, 'payouts'), 'payouts', options).issues;
}

/** Issue 17 point 11: a UPI row with no UPI ID is told what to add, in the words of its own mode. */
describe('a UPI row without a UPI ID', () => {
  it('says "add a UPI ID or bank details"', async () => {
    const issues = await issuesOf('Payee Name,Account Number,IFSC,UPI ID,Amount,Mode\r\nMeena Iyer,,,,800,UPI\r\n');
    const missing = issues.filter((i) => i.code === 'payee_missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message).toMatch(/add a UPI ID or bank details/);
  });

  it('a bank-mode row without a payee keeps the general message', async () => {
    const issues = await issuesOf('Payee Name,Account Number,IFSC,UPI ID,Amount,Mode\r\nRavi Kumar,,,,800,IMPS\r\n');
    const missing = issues.find((i) => i.code === 'payee_missing');
    expect(missing?.message).toMatch(/^No payee: give /);
    expect(missing?.message).not.toMatch(/UPI ID or bank details/);
  });
});
