/**
 * Sheet import at the limit: 1,000,000 rows through parse + map + validate, once, with the process's peak memory.
 * Runs in its own process (see run.ts), so maxRSS is this run's.
 */
import { DEFAULT_API_PROFILE } from '../../src/shared/settings/api-profile';
import { detectSheetKind, parseSheetBytes, suggestMapping, validateSheet } from '../../src/shared/sheet/index';
import { mb, payoutCsv } from './sheet-data';

const ROWS = 1_000_000;
const bytes = payoutCsv(ROWS);
const rssBefore = process.memoryUsage().rss;

const t0 = performance.now();
const parsed = await parseSheetBytes(bytes, 'bench-1m.csv');
const t1 = performance.now();
if (!parsed.ok) throw new Error(parsed.error.message);
const kind = detectSheetKind(parsed.sheet.headers);
const result = validateSheet(parsed.sheet, suggestMapping(parsed.sheet.headers, kind), kind, {
  modeLimits: DEFAULT_API_PROFILE.modeLimits,
});
const t2 = performance.now();

const peakRss = process.resourceUsage().maxRSS * 1024;
const heap = process.memoryUsage().heapUsed;
console.log(`   input: ${ROWS.toLocaleString('en-IN')} rows, ${mb(bytes.length)}`);
console.log(`   parse                      ${(t1 - t0).toFixed(0).padStart(6)} ms`);
console.log(
  `   map + validate             ${(t2 - t1).toFixed(0).padStart(6)} ms   (${result.summary.validRows.toLocaleString('en-IN')} valid, ${result.summary.errors.toLocaleString('en-IN')} errors)`,
);
console.log(`   total                      ${(t2 - t0).toFixed(0).padStart(6)} ms`);
console.log(`   peak RSS ${mb(peakRss)} (RSS before parsing ${mb(rssBefore)}), heap in use after ${mb(heap)}`);
