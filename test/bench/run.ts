/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own Node process (so each one's peak memory is its
 * own), one after another, and lets them print their measurements and ratios. Benchmarks print; they never assert.
 *   npm run bench                 # all
 *   npm run bench -- sheet        # only files whose name contains "sheet"
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`   ${file} exited with ${result.status ?? result.signal}`);
  }
}
console.log(`\n${files.length - failed} of ${files.length} benchmark files ran`);
process.exit(failed ? 1 : 0);
