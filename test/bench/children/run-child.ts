/** Running the import bench's children: each measurement is a process of its own, with its own peak RSS. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Runs children/NAME under tsx and returns the one JSON line it prints last. */
export function runTsChild<T>(name: string, args: string[]): T {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, name), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${name} exited ${result.status ?? result.signal}: ${result.stderr}`);
  const last = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

export type ProcessRun = { ms: number; maxRssKB: number | null; stdout: string };

/**
 * Runs a whole process and times it from spawn to exit. Its peak RSS comes from GNU time when the machine has it
 * (Node cannot read a child's rusage); without it the peak is null.
 */
export function runProcess(command: string, args: string[], okCodes: number[]): ProcessRun {
  const gnuTime = existsSync('/usr/bin/time');
  const scratch = mkdtempSync(join(tmpdir(), 'payout-bench-time-'));
  const rssFile = join(scratch, 'rss');
  try {
    const [cmd, argv] = gnuTime ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
    const start = process.hrtime.bigint();
    const result = spawnSync(cmd as string, argv as string[], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!okCodes.includes(result.status ?? -1))
      throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}: ${result.stderr}`);
    const rss = gnuTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
    return { ms, maxRssKB: Number.isFinite(rss) ? rss : null, stdout: result.stdout };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when out/cli/index.js is newer than every file under src/ (so the bench measures today's code). */
export function builtCliIsCurrent(): boolean {
  const built = 'out/cli/index.js';
  return existsSync(built) && statSync(built).mtimeMs > newestMtime('src');
}
