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

/** Minimal flag parser: `--name value`, `--name=value`, boolean `--flag`, and positionals. */
export function parseArgs(
  args: string[],
  booleanFlags: readonly string[] = [],
): { flags: Record<string, string | true>; positionals: string[] } {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const name = arg.slice(2);
    const next = args[i + 1];
    if (booleanFlags.includes(name) || next === undefined || next.startsWith('--')) {
      flags[name] = true;
    } else {
      flags[name] = next;
      i++;
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
