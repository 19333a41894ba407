import { commands } from './commands/index';
import { runCli } from './main';

const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
  env: process.env,
};

runCli(process.argv.slice(2), io, commands).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.err(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
