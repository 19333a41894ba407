import { describe, expect, it } from 'vitest';
import { parseArgs, type CliCommand } from '../../../src/cli/command';
import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} }, out, err };
}

describe('CLI dispatch', () => {
  const echo: CliCommand = {
    name: 'echo',
    summary: 'Prints its arguments',
    usage: 'echo <words…>',
    run: async (args, io) => {
      io.out(args.join(' '));
      return 0;
    },
  };

  it('--help lists every command with its summary', async () => {
    const c = capture();
    expect(await runCli(['--help'], c.io, [echo, ...commands])).toBe(0);
    expect(c.out.join()).toContain('echo');
    for (const command of commands) expect(c.out.join()).toContain(command.name);
  });

  it('an unknown command or no command is a usage error (exit 2)', async () => {
    const c = capture();
    expect(await runCli(['frobnicate'], c.io, [echo])).toBe(2);
    expect(c.err.join()).toContain('Unknown command "frobnicate"');
    expect(await runCli([], capture().io, [echo])).toBe(2);
  });

  it('routes to the command with the remaining arguments', async () => {
    const c = capture();
    expect(await runCli(['echo', 'a', 'b'], c.io, [echo])).toBe(0);
    expect(c.out).toEqual(['a b']);
  });

  it('parses flags, values and positionals', () => {
    expect(parseArgs(['file.csv', '--kind', 'payouts', '--json', '--port=8080', '--', '--raw'], ['json'])).toEqual({
      flags: { kind: 'payouts', json: true, port: '8080' },
      positionals: ['file.csv', '--raw'],
    });
  });
});
