/**
 * Sheet import, 100,000 rows: our parse + map + validate against papaparse alone on the same bytes.
 * The ratio is what the preview costs over the bare CSV parse (decoding included in both).
 */
import Papa from 'papaparse';
import { DEFAULT_API_PROFILE } from '../../src/shared/settings/api-profile';
import { detectSheetKind, parseSheetBytes, suggestMapping, validateSheet } from '../../src/shared/sheet/index';
import { best, mb, payoutCsv } from './sheet-data';

const ROWS = 100_000;
const bytes = payoutCsv(ROWS);

const baseline = await best(3, () => Papa.parse<string[]>(new TextDecoder().decode(bytes), { header: false }));

let summary = '';
const ours = await best(3, async () => {
  const parsed = await parseSheetBytes(bytes, 'bench.csv');
  if (!parsed.ok) throw new Error(parsed.error.message);
  const kind = detectSheetKind(parsed.sheet.headers);
  const result = validateSheet(parsed.sheet, suggestMapping(parsed.sheet.headers, kind), kind, {
    modeLimits: DEFAULT_API_PROFILE.modeLimits,
  });
  summary = `${result.summary.rows} rows, ${result.summary.validRows} valid, ${result.summary.errors} errors, ${result.summary.warnings} warnings`;
});

const parseOnly = await best(3, () => parseSheetBytes(bytes, 'bench.csv'));

console.log(`   input: ${ROWS.toLocaleString('en-IN')} rows, ${mb(bytes.length)} (${summary})`);
console.log(`   papaparse alone            ${baseline.toFixed(0).padStart(6)} ms`);
console.log(
  `   our parse only             ${parseOnly.toFixed(0).padStart(6)} ms   ratio ${(parseOnly / baseline).toFixed(2)}×`,
);
console.log(
  `   parse + map + validate     ${ours.toFixed(0).padStart(6)} ms   ratio ${(ours / baseline).toFixed(2)}× papaparse`,
);
