import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ignoreConnectionFlags, parseArgs, type CliCommand } from '../command';
import { parseAmountText } from '../../main/sandbox/money';
import {
  startSandbox,
  FAULT_KINDS,
  SANDBOX_PRESETS,
  type FaultKind,
  type SandboxOptions,
  type SandboxPreset,
} from '../../main/sandbox/index';
import { acquireFolderSandbox, sandboxStateFile } from '../../main/sandbox/folder-sandbox';

const USAGE =
  'sandbox [--port N] [--latency-ms N] [--fault-rate F] [--fault-kinds k1,k2] [--seed S] [--state-file F] ' +
  '[--initial-balance RUPEES] [--data-dir DIR] [--dialect default|strict]';

function intFlag(v: string | true | undefined, name: string, max: number): number | undefined | string {
  if (v === undefined) return undefined;
  if (v === true || !/^\d+$/.test(v) || Number(v) > max) return `--${name} needs a whole number up to ${max}`;
  return Number(v);
}

/** Builds sandbox options from flags; a string is a usage error to print. */
export function sandboxOptionsFromArgs(args: string[]): SandboxOptions | string {
  const { flags, positionals } = parseArgs(args);
  if (positionals.length) return `Unexpected argument: ${positionals[0]}`;
  // The simulator is the server: flags that choose one are noted (on stderr) and ignored.
  ignoreConnectionFlags(flags, { err: (t) => process.stderr.write(`${t}\n`) }, 'sandbox', ['env']);
  const known = [
    'port',
    'latency-ms',
    'fault-rate',
    'fault-kinds',
    'seed',
    'state-file',
    'initial-balance',
    'data-dir',
    'dialect',
  ];
  const unknown = Object.keys(flags).find((f) => !known.includes(f));
  if (unknown) return `Unknown option --${unknown}`;
  const options: SandboxOptions = {};
  // `strict` answers every unknown the client can switch the other way from its defaults (sandbox/config.ts).
  const dialect = flags.dialect;
  if (dialect !== undefined) {
    if (dialect === true || !(SANDBOX_PRESETS as readonly string[]).includes(dialect))
      return `--dialect must be one of ${SANDBOX_PRESETS.join(', ')}`;
    options.preset = dialect as SandboxPreset;
  }
  const port = intFlag(flags.port, 'port', 65535);
  const latency = intFlag(flags['latency-ms'], 'latency-ms', 600_000);
  const seed = intFlag(flags.seed, 'seed', 2 ** 32 - 1);
  for (const v of [port, latency, seed]) if (typeof v === 'string') return v;
  if (typeof port === 'number') options.port = port;
  if (typeof latency === 'number') options.latencyMs = latency;
  if (typeof seed === 'number') options.seed = seed;
  const faults: NonNullable<SandboxOptions['faults']> = {};
  const rate = flags['fault-rate'];
  if (rate !== undefined) {
    if (rate === true || !/^(0(\.\d+)?|1(\.0+)?)$/.test(rate)) return '--fault-rate needs a number from 0 to 1';
    faults.faultRate = Number(rate);
  }
  const kinds = flags['fault-kinds'];
  if (kinds !== undefined) {
    const list =
      kinds === true
        ? []
        : kinds
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean);
    const bad = list.find((k) => !(FAULT_KINDS as readonly string[]).includes(k));
    if (list.length === 0 || bad) return `--fault-kinds takes a comma list of: ${FAULT_KINDS.join(', ')}`;
    faults.kinds = list as FaultKind[];
  }
  options.faults = faults;
  const stateFile = flags['state-file'];
  if (stateFile !== undefined) {
    if (stateFile === true) return '--state-file needs a path';
    options.stateFile = stateFile;
  } else if (flags['data-dir'] !== undefined) {
    // The same simulated EnKash the app and every command on that folder use (main/sandbox/folder-sandbox.ts).
    if (flags['data-dir'] === true || !flags['data-dir'].trim()) return '--data-dir needs a path';
    options.stateFile = sandboxStateFile(flags['data-dir'].trim());
  }
  const balance = flags['initial-balance'];
  if (balance !== undefined) {
    const parsed = balance === true ? null : parseAmountText(balance);
    if (!parsed?.ok) return '--initial-balance needs an amount in rupees with at most 2 decimals';
    options.initialBalancePaise = parsed.paise;
  }
  return options;
}

/** `npm run cli -- sandbox`: the simulator in the foreground until SIGINT/SIGTERM. */
export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'Run the EnKash Sandbox simulator on 127.0.0.1 in the foreground (Ctrl+C stops it)',
  usage: USAGE,
  run: async (args, io) => {
    const options = sandboxOptionsFromArgs(args);
    if (typeof options === 'string') {
      io.err(`${options}\nUsage: npm run cli -- ${USAGE}`);
      return 2;
    }
    // --data-dir (without --state-file): become that folder's one Sandbox, which the app and every command on
    // the folder then use; refused when another process already serves it.
    const { flags } = parseArgs(args);
    const folder =
      flags['state-file'] === undefined && typeof flags['data-dir'] === 'string' ? flags['data-dir'] : null;
    let handle;
    let release: () => Promise<void>;
    try {
      if (folder) {
        const acquired = await acquireFolderSandbox(folder.trim(), options);
        if (!acquired.handle) {
          io.err(`The Sandbox of ${folder} already runs at ${acquired.url} (process ${acquired.pid}).`);
          return 1;
        }
        handle = acquired.handle;
        release = acquired.release;
      } else {
        if (options.stateFile) mkdirSync(dirname(options.stateFile), { recursive: true });
        handle = await startSandbox(options);
        release = () => handle!.close();
      }
    } catch (e) {
      io.err(`Could not start the sandbox: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    io.out(`listening ${handle.url}`);
    io.err('EnKash Sandbox running with the built-in demo credentials (SANDBOX_DEMO). Press Ctrl+C to stop.');
    if (options.preset === 'strict')
      io.err('Dialect: strict (its own paths and shapes; the default API profile will not pass it).');
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (s: NodeJS.Signals) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(s);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await release();
    io.err(`Sandbox stopped (${signal}).`);
    return 0;
  },
};
