import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';
import { DEFAULT_TIMING } from '../../../src/main/services/journal/deps';

/**
 * The child process of the crash test: the real CLI (`submit` / `reconcile`), run exactly as a user runs it,
 * against the sandbox that lives in the PARENT test process — so the sandbox's ledger survives every SIGKILL
 * of this process. It prints nothing of its own; the parent kills it at seeded random moments.
 *
 * One test-only argument, first if given: `--test-chunk-lease-ms N`. On PostgreSQL a killed child's chunk stays
 * leased until its lease expires (a minute by default), and only then may the next child settle its rows; the test
 * shortens it so its kills keep landing on real work. It changes this process's default timing, nothing else.
 */
const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
  env: process.env,
};

const argv = process.argv.slice(2);
if (argv[0] === '--test-chunk-lease-ms') {
  DEFAULT_TIMING.chunkLeaseMs = Number(argv[1]);
  argv.splice(0, 2);
}

runCli(argv, io, commands).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`crash-child: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(70);
  },
);
