// The one test command (`npm test`): build the app (the e2e tier drives the built renderer), run every vitest
// project, and end with the plain `N passed, N failed` line CI reads. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const report = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
rmSync(report, { force: true });

function step(label, cmd, args) {
  console.log(`\n== ${label}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status ?? 1;
}

// The app (main, preload, renderer) and the CLI (out/cli/index.js, which the CLI tests start with plain node).
const buildCode =
  step('build (electron-vite)', 'npx', ['electron-vite', 'build']) ||
  step('build (CLI)', 'npx', ['vite', 'build', '-c', 'vite.cli.config.ts']);
const testCode =
  buildCode === 0
    ? step('tests (vitest: unit, integration, e2e)', 'npx', [
        'vitest',
        'run',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ])
    : 1;

let passed = 0;
let failed = buildCode === 0 ? 0 : 1;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  // A file that fails to load has no failed tests of its own but must still count.
  failed += (json.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} else if (buildCode === 0) {
  failed += 1;
}
if (testCode !== 0 && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
