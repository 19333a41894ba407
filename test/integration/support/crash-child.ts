import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';

/**
 * The child process of the crash test: the real CLI (`submit` / `reconcile`), run exactly as a user runs it,
 * against the sandbox that lives in the PARENT test process — so the sandbox's ledger survives every SIGKILL
 * of this process. It prints nothing of its own; the parent kills it at seeded random moments.
 */
const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
  env: process.env,
};

runCli(process.argv.slice(2), io, commands).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`crash-child: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(70);
  },
);
