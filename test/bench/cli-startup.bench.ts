/**
 * CLI start-up: the built `node out/cli/index.js --help` against a bare `node -e 0` (the raw baseline) and
 * against the same command run from source under tsx (how the CLI ran before it was built). The median of a
 * few runs is printed; the built file is made first if it is missing.
 *   npm run bench -- cli
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const RUNS = 7;
const built = 'out/cli/index.js';
if (!existsSync(built)) spawnSync('npx', ['vite', 'build', '-c', 'vite.cli.config.ts'], { stdio: 'inherit' });

function medianMs(command: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

const bare = medianMs(process.execPath, ['-e', '0']);
const cliBuilt = medianMs(process.execPath, [built, '--help']);
const cliTsx = medianMs(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', '--help']);
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
console.log(`  bare node -e 0                 ${fmt(bare)}`);
console.log(`  built CLI --help               ${fmt(cliBuilt)}  (${(cliBuilt / bare).toFixed(2)}× bare node)`);
console.log(`  source CLI under tsx --help    ${fmt(cliTsx)}  (${(cliTsx / cliBuilt).toFixed(2)}× built)`);
