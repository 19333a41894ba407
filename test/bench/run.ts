/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own Node process (so each one's peak memory is its
 * own), one after another, and lets them print their measurements and ratios. Benchmarks print; they never assert.
 *   npm run bench                 # all
 *   npm run bench -- sheet        # only files whose name contains "sheet"
 * The journal benches (issue 13 point 5) share one throwaway PostgreSQL cluster and end in one table for both engines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_PG_URL_ENV, benchCluster } from './journal-pg';
import { JOURNAL_RESULTS_ENV, journalTable } from './journal-table';

const dir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.log(`No benchmarks match ${filters.join(' ') || '*'} in ${dir}`);
  process.exit(0);
}

// Journal section: the benches that report to the journal table, one PostgreSQL cluster for all of them (each makes
// its own databases on it), and a results file they append to.
const JOURNAL_BENCHES = /^(journal-|submit|history)/;
const journalDir = mkdtempSync(join(tmpdir(), 'payout-bench-journal-'));
const journalResults = join(journalDir, 'results.jsonl');
const journalCluster = files.some((f) => JOURNAL_BENCHES.test(f)) ? await benchCluster('benches') : null;
// Ctrl-C between two benches: the cluster goes too (spawnSync returns once the child has died of it).
process.on('SIGINT', () => {
  journalCluster?.stop();
  process.exit(130);
});
const childEnv = {
  ...process.env,
  [JOURNAL_RESULTS_ENV]: journalResults,
  ...(journalCluster ? { [BENCH_PG_URL_ENV]: journalCluster.url } : {}),
};

let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, file)], {
    stdio: 'inherit',
    env: childEnv,
  });
  if (result.status !== 0) {
    failed++;
    console.log(`   ${file} exited with ${result.status ?? result.signal}`);
  }
}
journalCluster?.stop();
if (files.some((f) => JOURNAL_BENCHES.test(f))) {
  console.log('\n== journal (issue 13 point 5): both engines');
  console.log(journalTable(journalResults));
}
rmSync(journalDir, { recursive: true, force: true });
console.log(`\n${files.length - failed} of ${files.length} benchmark files ran`);
process.exit(failed ? 1 : 0);
