import { parseArgs } from 'node:util';
import type { CliCommand, CliIo } from './command';

function helpText(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'EnKash Payout Desk — command line',
    '',
    'Usage: npm run cli -- <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run `npm run cli -- <command> --help` for a command's options.",
  ].join('\n');
}

/** `--help` / `-h` anywhere among the options; after `--`, or as an option's `=value`, it is the command's data. */
function asksForHelp(args: string[]): boolean {
  const { tokens } = parseArgs({
    args,
    options: { help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help' && t.inlineValue === undefined);
}

/** Dispatches argv to a command; exit code 2 for bad usage, as the commands themselves use. */
export async function runCli(argv: string[], io: CliIo, commands: CliCommand[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText(commands));
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${helpText(commands)}`);
    return 2;
  }
  if (asksForHelp(rest)) {
    io.out(`Usage: npm run cli -- ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  return command.run(rest, io);
}
