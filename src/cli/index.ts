import type { CliCommand } from './command';
import { runCli } from './main';

/**
 * `validate` talks to no server and opens no database: loading only its module (not every command's — the
 * PostgreSQL driver, Kysely, the EnKash client) keeps a whole-process validate close to parsing alone (issue 15).
 */
async function commandsFor(name: string | undefined): Promise<CliCommand[]> {
  if (name === 'validate') {
    const [{ validateCommand }, { withDatabaseChoice }] = await Promise.all([
      import('./commands/validate'),
      import('./database-choice'),
    ]);
    return [withDatabaseChoice(validateCommand)];
  }
  return (await import('./commands/index')).commands;
}

const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
  env: process.env,
};

const argv = process.argv.slice(2);
commandsFor(argv[0])
  .then((commands) => runCli(argv, io, commands))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      io.err(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
