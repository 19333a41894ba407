import * as nodeUtil from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { onlyOptions, parseArgs, type CliCommand } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';

// The CLI parses with node:util `parseArgs` (issue 10 point 6), keeping the flags the commands always had.
vi.mock('node:util', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:util')>();
  return { ...actual, parseArgs: vi.fn(actual.parseArgs) };
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} }, out, err };
}

const echo: CliCommand = {
  name: 'echo',
  summary: 'Prints its arguments',
  usage: 'echo <words…>',
  run: async (args, io) => {
    io.out(args.join(' '));
    return 0;
  },
};

describe('CLI flags through node:util parseArgs', () => {
  it('delegates to node:util parseArgs', () => {
    const spy = vi.mocked(nodeUtil.parseArgs);
    spy.mockClear();
    parseArgs(['--kind', 'payouts']);
    expect(spy).toHaveBeenCalledWith(expect.objectContaining({ args: ['--kind', 'payouts'], tokens: true }));
  });

  it.each<[string[], string[], { flags: Record<string, unknown>; positionals: string[] }]>([
    [['--a', '--b'], [], { flags: { a: true, b: true }, positionals: [] }],
    [['--a'], [], { flags: { a: true }, positionals: [] }],
    [['--initial-balance', '-5'], [], { flags: { 'initial-balance': '-5' }, positionals: [] }],
    [['-x', 'file'], [], { flags: {}, positionals: ['-x', 'file'] }],
    [['-abc'], [], { flags: {}, positionals: ['-abc'] }],
    [['--a', 'x', '--a', 'y'], [], { flags: { a: 'y' }, positionals: [] }],
    [['--json', 'x'], ['json'], { flags: { json: true }, positionals: ['x'] }],
    [['--json=1', '--a=', '--b=c=d'], ['json'], { flags: { json: '1', a: '', b: 'c=d' }, positionals: [] }],
    [['--', '--a', 'b'], [], { flags: {}, positionals: ['--a', 'b'] }],
    [['set', 'k', '-5', '--confirm', 'yes'], [], { flags: { confirm: 'yes' }, positionals: ['set', 'k', '-5'] }],
    [['--constructor', 'x', '--toString'], [], { flags: { constructor: 'x', toString: true }, positionals: [] }],
  ])('%j (booleans %j)', (args, booleans, expected) => {
    expect(parseArgs(args, booleans)).toEqual(expected);
  });

  it('leaves unknown options to the command, which refuses them with the same message', () => {
    const { flags, positionals } = parseArgs(['--data-dir', '/tmp/d', '--bogus', 'x']);
    expect(() => onlyOptions(flags, positionals, ['data-dir'])).toThrow('Unknown option --bogus');
    const bare = parseArgs(['extra']);
    expect(() => onlyOptions(bare.flags, bare.positionals, [])).toThrow('Unexpected argument: extra');
  });
});

describe('--help in runCli', () => {
  it('shows the command usage for --help or -h among its options', async () => {
    for (const argv of [
      ['echo', '--help'],
      ['echo', 'a', '-h'],
    ]) {
      const c = capture();
      expect(await runCli(argv, c.io, [echo])).toBe(0);
      expect(c.out).toEqual(['Usage: npm run cli -- echo <words…>\n\nPrints its arguments']);
    }
  });

  it('passes --help after `--` or as a value to the command as data', async () => {
    const c = capture();
    expect(await runCli(['echo', '--', '--help'], c.io, [echo])).toBe(0);
    expect(await runCli(['echo', '--remark=--help'], c.io, [echo])).toBe(0);
    expect(c.out).toEqual(['-- --help', '--remark=--help']);
  });
});
