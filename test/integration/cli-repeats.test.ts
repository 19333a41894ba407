import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSubmitCommand } from '../../src/cli/commands/submit';
import { captureIo as io } from '../support/cli-io';
import { useCliSandbox } from '../support/cli-sandbox';

const cli = useCliSandbox({ seed: 17, prefix: 'payout-cli-repeats-' });
const { flags } = cli;

/** November salaries: row 4 repeats row 2 exactly (pasted twice). */
function sheet(name: string): string {
  const file = cli.path(name);
  writeFileSync(
    file,
    [
      'Payee Name,Account Number,IFSC,Amount,Remark',
      'Ravi Kumar,123456789012,SBIN0000300,45000,Nov salary',
      'Priya Sharma,50100012345678,HDFC0000240,52000.50,Nov salary',
      'Ravi Kumar,123456789012,SBIN0000300,45000,Nov salary',
      '',
    ].join('\n'),
  );
  return file;
}

describe('cli submit and repeated rows (issue 17 point 1)', () => {
  it('--yes leaves the repeat out and says so on stderr and in --json', async () => {
    const out = io();
    const code = await createSubmitCommand().run([sheet('nov.csv'), '--yes', '--json', ...flags('d1')], out);
    expect(code).toBe(0);
    const json = JSON.parse(out.stdout[0]!);
    expect(json).toMatchObject({ rows: 2, totalPaise: 9_700_050, leftOut: { rows: 1, totalPaise: 4_500_000 } });
    expect(json.leftOut.rowNumbers).toEqual([4]);
    expect(out.stderr.join('\n')).toMatch(/Left out 1 repeated row\(s\) \(₹45,000\.00\): row 4.*--include-duplicates/);
    expect(cli.sandbox.ledger().filter((e) => e.amountPaise === 4_500_000)).toHaveLength(1);
  });

  it('--include-duplicates pays the repeat too', async () => {
    const before = cli.sandbox.ledger().length;
    const out = io();
    const code = await createSubmitCommand().run(
      [sheet('nov-again.csv'), '--yes', '--json', '--include-duplicates', ...flags('d2')],
      out,
    );
    expect(code).toBe(0);
    const json = JSON.parse(out.stdout[0]!);
    expect(json).toMatchObject({ rows: 3, totalPaise: 14_200_050, leftOut: { rows: 0, totalPaise: 0 } });
    expect(cli.sandbox.ledger().length - before).toBe(3);
    expect(out.stderr.join('\n')).not.toMatch(/Left out/);
  });
});
