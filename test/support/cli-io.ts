import type { CliIo } from '../../src/cli/command';

export type CapturedIo = CliIo & { stdout: string[]; stderr: string[] };

/** A CLI `io` that keeps every line written, for tests that run commands in-process through runCli. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (t) => stdout.push(t), err: (t) => stderr.push(t), env, stdout, stderr };
}
