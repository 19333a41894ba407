import { describe, expect, it } from 'vitest';
import { hash53 } from '../../../src/shared/domain/hash';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import { parseSheetBytes, suggestMapping, toMappedRows } from '../../../src/shared/sheet/index';
import { evaluatePayoutRow } from '../../../src/shared/sheet/row-draft';
import { rowKeyNumber, rowKeyTexts } from '../../../src/shared/sheet/row-keys';
import { fixture, sheetOf } from './helpers';

const ctx = { labels: {}, modeLimits: DEFAULT_API_PROFILE.modeLimits };

// The validation state confirms equal hashed keys on these texts, so each must be exactly what the key hashes:
// if the rules changed the key without the text, real duplicates would stop being reported.
describe('the key texts behind the hashed row keys', () => {
  it('hash to the keys the rules give, on every row of the mixed sheet', async () => {
    const sheet = sheetOf(await parseSheetBytes(fixture('payouts-mixed.csv'), 'payouts-mixed.csv'));
    const rows = toMappedRows(sheet, suggestMapping(sheet.headers, 'payouts'));
    let keyed = 0;
    for (const m of rows) {
      const ev = evaluatePayoutRow(m, ctx);
      const texts = rowKeyTexts(m, ev);
      if (ev.dupKey === null) expect(texts.dup).toBe('');
      else {
        keyed++;
        expect(hash53(texts.dup)).toBe(rowKeyNumber(ev.dupKey));
      }
      expect(texts.id).toBe(ev.idKey ?? '');
    }
    expect(keyed).toBeGreaterThan(10);
  });
});
