import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Lint, formatting and types are part of the test run, so CI fails on them like on any other test.
function run(cmd: string, args: string[]) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}`.trim() };
}

describe('static checks', () => {
  it('ESLint finds no problems', () => {
    const { code, output } = run('npx', ['eslint', '.', '--max-warnings', '0']);
    expect(output, output).not.toMatch(/problem/);
    expect(code).toBe(0);
  }, 300_000);

  it('Prettier finds every file formatted', () => {
    const { code, output } = run('npx', ['prettier', '--check', '.', '--log-level', 'warn']);
    expect(output).toBe('');
    expect(code).toBe(0);
  }, 300_000);

  it('TypeScript type-checks main, preload, shared, CLI, tests and renderer', () => {
    const { code, output } = run('npm', ['run', '--silent', 'typecheck']);
    expect(output).toBe('');
    expect(code).toBe(0);
  }, 300_000);
});
