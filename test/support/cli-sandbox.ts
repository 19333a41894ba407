import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';

export type CliSandbox = {
  /** The Sandbox the CLI commands talk to (started before the file's tests, closed after). */
  readonly sandbox: SandboxHandle;
  /** A path inside the file's temp folder. */
  path: (...parts: string[]) => string;
  /** The flags every journal command of these tests takes: this Sandbox, data folder `data`, fast polling. */
  flags: (data: string) => string[];
};

/** One Sandbox and one temp folder for a test file that runs CLI commands in-process. */
export function useCliSandbox(opts: { seed: number; prefix: string }): CliSandbox {
  let sandbox: SandboxHandle | undefined;
  let dir = '';
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: opts.seed, initialBalancePaise: 1_000_000_000_00 });
    dir = mkdtempSync(join(tmpdir(), opts.prefix));
  });
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const cli: CliSandbox = {
    get sandbox() {
      if (!sandbox) throw new Error('the Sandbox starts in beforeAll');
      return sandbox;
    },
    path: (...parts) => join(dir, ...parts),
    flags: (data) => [
      '--env',
      'sandbox',
      '--base-url',
      cli.sandbox.url,
      '--data-dir',
      join(dir, data),
      '--poll-ms',
      '20',
      '--grace-ms',
      '50',
    ],
  };
  return cli;
}
