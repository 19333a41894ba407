import { parseArgs as parseArgsNode, type ParseArgsConfig } from 'node:util';

/** One CLI command. `run` returns the process exit code; output goes through `io` so tests can capture it. */
export type CliIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
};

export type CliCommand = {
  name: string;
  summary: string;
  usage: string;
  run: (args: string[], io: CliIo) => Promise<number>;
};

type Flags = Record<string, string | true>;

/**
 * node:util `parseArgs` needs each option's type up front, but our commands only name their boolean flags: any
 * other `--name` takes the next argument as its value unless that is missing or another `--flag`. So we derive
 * the types from the arguments themselves: a name is a string option only if every bare occurrence has a value
 * after it (then it can never swallow the next flag), otherwise boolean. Stops at `--`.
 */
function optionTypes(args: readonly string[], booleanFlags: readonly string[]): ParseArgsConfig['options'] {
  const types = new Map<string, 'string' | 'boolean'>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (!arg.startsWith('--') || arg.length === 2) continue;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const next = args[i + 1];
    const hasValue = eq > 0 || (next !== undefined && !next.startsWith('--'));
    if (booleanFlags.includes(name) || !hasValue) types.set(name, 'boolean');
    else if (!types.has(name)) types.set(name, 'string');
  }
  return Object.fromEntries([...types].map(([name, type]) => [name, { type }]));
}

/**
 * Flags and positionals via node:util `parseArgs`: `--name value`, `--name=value`, boolean `--flag`, `--` ends the
 * options. Unknown names are kept (non-strict): each command refuses what it does not take, with its own message
 * (`onlyOptions`). Single-dash words (`-5`, `-x`) stay positionals, as they always were here.
 */
export function parseArgs(
  args: string[],
  booleanFlags: readonly string[] = [],
): { flags: Flags; positionals: string[] } {
  const { tokens } = parseArgsNode({
    args,
    options: optionTypes(args, booleanFlags),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags: Flags = {};
  const positionals: string[] = [];
  let shortAt = -1;
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    else if (token.kind === 'option' && token.rawName.startsWith('--')) flags[token.name] = token.value ?? true;
    else if (token.kind === 'option' && token.index !== shortAt) {
      // `-abc` yields one token per letter, all at the same index: the word goes back once, as typed.
      shortAt = token.index;
      positionals.push(args[token.index]!);
    }
  }
  return { flags, positionals };
}

/** A usage problem (exit 2), as opposed to an EnKash failure (exit 1). */
export class UsageError extends Error {}

/** A flag's trimmed text; `undefined` when absent; UsageError when given without a value. */
export function flagText(flag: string | true | undefined, name: string): string | undefined {
  if (flag === undefined) return undefined;
  if (flag === true || flag.trim() === '') throw new UsageError(`--${name} needs a value`);
  return flag.trim();
}

/** Refuses a flag outside `allowed` and any positional argument (commands that take none). */
export function onlyOptions(
  flags: Record<string, string | true>,
  positionals: string[],
  allowed: readonly string[],
): void {
  const unknown = Object.keys(flags).find((f) => !allowed.includes(f));
  if (unknown) throw new UsageError(`Unknown option --${unknown}`);
  if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
}

/** The required `--batch ID` as a number. */
export function batchIdFlag(flags: Record<string, string | true>): number {
  const batch = flagText(flags.batch, 'batch');
  if (!batch || !/^\d{1,12}$/.test(batch) || Number(batch) < 1) throw new UsageError('--batch ID is required');
  return Number(batch);
}

/** Flags that only choose or tune an EnKash connection. */
export const CONNECTION_FLAGS = ['base-url', 'key-derivation', 'fund-source-id', 'grace-ms', 'poll-ms'] as const;

/**
 * An offline command given a connection flag (often pasted from a `submit` line) ignores it with a note on
 * stderr instead of failing, and removes it from `flags` so the command's own unknown-flag check passes.
 * `extra` names further flags the command does not use (e.g. --env where it is not a filter).
 */
export function ignoreConnectionFlags(
  flags: Record<string, string | true>,
  io: Pick<CliIo, 'err'>,
  command: string,
  extra: readonly string[] = [],
): void {
  for (const name of [...CONNECTION_FLAGS, ...extra]) {
    if (flags[name] === undefined) continue;
    delete flags[name];
    io.err(`note: --${name} is ignored: \`${command}\` works offline and talks to no EnKash server.`);
  }
}
