import { describe, expect, it } from 'vitest';
import { readPayoutSearch } from '../../../src/main/enkash/payout-outputs';
import { apiSwitchesSchema, DEFAULT_API_SWITCHES } from '../../../src/shared/settings/api-profile';

/** The `searchPayoutsShape` switch: each value reads its own shape and refuses the other — never "no payouts". */

const item = { transactionId: 'TXN1', enkashTransactionId: 'EK1', payoutStatus: 'SUCCESS', transferAmount: 12.5 };
const page = { content: [item], totalElements: 1 };
const transactionList = { payoutTransactionList: [item], totalCount: 1 };
const bad = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { failure?: { kind?: string } }).failure?.kind;
  }
  return 'no error';
};

describe('searchPayoutsShape', () => {
  it('defaults to page, also for a profile stored before the switch existed', () => {
    expect(DEFAULT_API_SWITCHES.searchPayoutsShape).toBe('page');
    const { searchPayoutsShape: _gone, ...older } = DEFAULT_API_SWITCHES;
    expect(apiSwitchesSchema.parse(older).searchPayoutsShape).toBe('page');
    expect(apiSwitchesSchema.safeParse({ ...DEFAULT_API_SWITCHES, searchPayoutsShape: 'other' }).success).toBe(false);
  });

  it('page: reads {content, totalElements}; a transaction list is bad_shape', () => {
    expect(readPayoutSearch(page, 200, 'page')).toMatchObject({
      total: 1,
      items: [{ transactionId: 'TXN1', amountPaise: 1250 }],
    });
    expect(bad(() => readPayoutSearch(transactionList, 200, 'page'))).toBe('bad_shape');
  });

  it('transaction-list: reads {payoutTransactionList, totalCount}; a Spring page is bad_shape', () => {
    expect(readPayoutSearch(transactionList, 200, 'transaction-list')).toMatchObject({
      total: 1,
      items: [{ transactionId: 'TXN1', amountPaise: 1250, status: 'SUCCESS' }],
    });
    expect(readPayoutSearch({ payoutTransactionList: [] }, 200, 'transaction-list')).toEqual({
      items: [],
      total: null,
    });
    expect(bad(() => readPayoutSearch(page, 200, 'transaction-list'))).toBe('bad_shape');
  });
});
