import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sandboxOptionsFromArgs } from '../../src/cli/commands/sandbox';
import { TestClient } from './sandbox-test-client';
import { builtCli } from '../support/built-cli';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('cli sandbox', () => {
  it('prints exactly "listening http://127.0.0.1:PORT", serves the API, and exits 0 on SIGTERM', async () => {
    const cli = builtCli(['sandbox', '--port', '0', '--seed', '5']);
    const child = spawn(cli.command, cli.args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', () => reject(new Error('sandbox exited before listening')));
    });
    expect(first).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
    const client = new TestClient(first.slice('listening '.length));
    expect((await client.login()).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('parses its flags and rejects bad ones', () => {
    expect(
      sandboxOptionsFromArgs([
        '--port',
        '8123',
        '--latency-ms',
        '250',
        '--fault-rate',
        '0.25',
        '--seed',
        '9',
        '--initial-balance',
        '1000.50',
      ]),
    ).toEqual({
      port: 8123,
      latencyMs: 250,
      seed: 9,
      faults: { faultRate: 0.25 },
      initialBalancePaise: 1000_50,
    });
    expect(sandboxOptionsFromArgs(['--fault-kinds', 'http5xx_before,code1_after'])).toMatchObject({
      faults: { kinds: ['http5xx_before', 'code1_after'] },
    });
    expect(sandboxOptionsFromArgs(['--fault-rate', '1.5'])).toMatch(/fault-rate/);
    expect(sandboxOptionsFromArgs(['--fault-kinds', 'meteor'])).toMatch(/fault-kinds/);
    expect(sandboxOptionsFromArgs(['--port', 'abc'])).toMatch(/port/);
    expect(sandboxOptionsFromArgs(['--initial-balance', '1.005'])).toMatch(/initial-balance/);
    expect(sandboxOptionsFromArgs(['--bogus'])).toMatch(/Unknown option/);
  });
});
