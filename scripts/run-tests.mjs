// The one test command (`npm test`): build the app (the e2e tier drives the built renderer), start a throwaway
// PostgreSQL cluster for the PostgreSQL tests (scripts/pg-cluster.mjs), run every vitest project, stop the cluster
// (also on failure or Ctrl-C), and end with the plain `N passed, N failed` line CI reads. Exits non-zero on any
// failure.
//
//   node scripts/run-tests.mjs                          everything (what CI runs)
//   node scripts/run-tests.mjs --no-build FILE…         only these test files, with the cluster, without the build
//
// Without PostgreSQL the run still happens and the PostgreSQL tests fail, naming Debian's `postgresql` package.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { startPgCluster, stopPgCluster } from './pg-cluster.mjs';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const files = args.filter((a) => a !== '--no-build');

// A run of chosen files writes its own report: several of them at once (engineers sharing one tree) must not
// read or delete each other's.
const report = files.length ? `test-results/vitest-${process.pid}.json` : 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
rmSync(report, { force: true });

let current = null;
function step(label, cmd, argv, env = process.env) {
  console.log(`\n== ${label}`);
  return new Promise((resolve) => {
    const child = (current = spawn(cmd, argv, { stdio: 'inherit', env, shell: process.platform === 'win32' }));
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

let cluster = null;
const stopCluster = () => {
  if (!cluster) return;
  const started = Date.now();
  stopPgCluster(cluster.dir);
  console.log(`== PostgreSQL test cluster stopped (${Date.now() - started} ms)`);
  cluster = null;
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    current?.kill(signal);
    stopCluster();
    process.exit(130);
  });
}

// The app (main, preload, renderer) and the CLI (out/cli/index.js, which the CLI tests start with plain node).
const buildCode = noBuild
  ? 0
  : (await step('build (electron-vite)', 'npx', ['electron-vite', 'build'])) ||
    (await step('build (CLI)', 'npx', ['vite', 'build', '-c', 'vite.cli.config.ts']));

let testCode = 1;
if (buildCode === 0) {
  const env = { ...process.env };
  try {
    const started = Date.now();
    cluster = await startPgCluster();
    env.PAYOUT_DESK_TEST_PG_URL = cluster.url;
    console.log(`\n== PostgreSQL test cluster on 127.0.0.1:${cluster.port} (${Date.now() - started} ms to start)`);
  } catch (error) {
    // Not fatal here: the PostgreSQL tests then fail with the reason (support/pg-database.ts), the others still run.
    console.error(`\n== no PostgreSQL test cluster: ${error.message}`);
    delete env.PAYOUT_DESK_TEST_PG_URL;
  }
  try {
    testCode = await step(
      files.length ? `tests (vitest: ${files.join(' ')})` : 'tests (vitest: unit, integration, e2e)',
      'npx',
      ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...files],
      env,
    );
  } finally {
    stopCluster();
  }
}

/** The slowest test files, so the CI budget (issue 13: under 45 minutes) is visible in every run. */
function printSlowest(results) {
  const timed = results
    .filter((f) => f.startTime && f.endTime)
    .map((f) => ({ file: f.name.replace(`${process.cwd()}/`, ''), ms: f.endTime - f.startTime }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8);
  if (timed.length === 0) return;
  console.log('\n== slowest test files');
  for (const t of timed) console.log(`${(t.ms / 1000).toFixed(1).padStart(8)} s  ${t.file}`);
}

let passed = 0;
let failed = buildCode === 0 ? 0 : 1;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  // A file that fails to load has no failed tests of its own but must still count.
  failed += (json.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  printSlowest(json.testResults ?? []);
  if (files.length) rmSync(report, { force: true });
} else if (buildCode === 0) {
  failed += 1;
}
if (testCode !== 0 && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
