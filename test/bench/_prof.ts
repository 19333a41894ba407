import { DEFAULT_API_PROFILE } from '../../src/shared/settings/api-profile';
import { detectSheetKind, parseSheetBytes, suggestMapping, validateSheet } from '../../src/shared/sheet/index';
import { payoutCsv } from './sheet-data';
const bytes = payoutCsv(100_000);
for (let i = 0; i < 3; i++) {
  const parsed = await parseSheetBytes(bytes, 'b.csv');
  if (!parsed.ok) throw new Error('x');
  const t = performance.now();
  const kind = detectSheetKind(parsed.sheet.headers);
  validateSheet(parsed.sheet, suggestMapping(parsed.sheet.headers, kind), kind, { modeLimits: DEFAULT_API_PROFILE.modeLimits });
  console.log('validate', performance.now() - t);
}
