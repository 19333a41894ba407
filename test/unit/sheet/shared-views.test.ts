import { describe, expect, it } from 'vitest';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import { createValidation, parseSheetBytes, suggestMapping } from '../../../src/shared/sheet/index';
import { encode, sheetOf } from './helpers';

/**
 * A sheet's `rows` and a validation state's views are getters, and they must be one function for every sheet and
 * state: V8 gives objects one hidden class only when their accessors are the same function, and a getter made per
 * object turned every later sheet and state into a dictionary object, slow in the per-row loops (issue 15).
 */
const HEADER = 'Name,Account Number,IFSC,Amount';
const getter = (o: object, name: string) => Object.getOwnPropertyDescriptor(o, name)?.get;

describe('views shared by every sheet and validation state', () => {
  it('uses the same getter functions on two imports, and the views still read their own object', async () => {
    const a = sheetOf(await parseSheetBytes(encode(`${HEADER}\nRavi,123456789012,HDFC0000001,100\n`), 'a.csv'));
    const b = sheetOf(
      await parseSheetBytes(
        encode(`${HEADER}\nPriya,123456789013,HDFC0000001,200\nAnil,123456789014,HDFC0000001,300\n`),
        'b.csv',
      ),
    );
    expect(getter(a, 'rows')).toBeTypeOf('function');
    expect(getter(a, 'rows')).toBe(getter(b, 'rows'));
    expect(a.rows).toEqual([['Ravi', '123456789012', 'HDFC0000001', '100']]);
    expect(b.rows.map((r) => r[0])).toEqual(['Priya', 'Anil']);
    const options = { modeLimits: DEFAULT_API_PROFILE.modeLimits };
    const sa = createValidation(a, suggestMapping(a.headers, 'payouts'), 'payouts', options);
    const sb = createValidation(b, suggestMapping(b.headers, 'payouts'), 'payouts', options);
    for (const view of ['mapped', 'drafts', 'evals']) expect(getter(sa, view)).toBe(getter(sb, view));
    expect((sb as unknown as { mapped: unknown[] }).mapped).toHaveLength(2);
    expect((sa as unknown as { drafts: unknown[] }).drafts).toHaveLength(1);
  });
});
