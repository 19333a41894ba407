import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSubmitCommand } from '../../src/cli/commands/submit';
import { DB_FILE } from '../../src/main/context';
import { openDatabase } from '../../src/main/db/open';
import { recordBankCheck, recordVerificationRequest } from '../../src/main/db/repos/payee-verifications-repo';
import { captureIo as io } from '../support/cli-io';
import { useCliSandbox } from '../support/cli-sandbox';

const cli = useCliSandbox({ seed: 23, prefix: 'payout-cli-verify-hold-' });
const { flags } = cli;

/** December vendors; the cache says the bank holds "MEENA IYER" for row 3's account. */
function sheet(name: string, remark = 'Dec'): string {
  const file = cli.path(name);
  writeFileSync(
    file,
    [
      'Payee Name,Account Number,IFSC,Amount,Remark',
      `Ravi Kumar,123456789012,SBIN0000300,45000,${remark}`,
      `Priya Sharma,50100012345678,HDFC0000240,52000.50,${remark}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** The data folder's database with the verification cache filled in, as `verify` would leave it. */
function seedCache(data: string): void {
  const folder = cli.path(data);
  mkdirSync(folder, { recursive: true });
  const db = openDatabase({ file: join(folder, DB_FILE) });
  const at = new Date().toISOString();
  for (const [accountNumber, ifsc, bankName] of [
    ['123456789012', 'SBIN0000300', 'RAVI KUMAR'],
    ['50100012345678', 'HDFC0000240', 'MEENA IYER'],
  ] as const) {
    const request = {
      environment: 'sandbox',
      accountNumber,
      ifsc,
      customerRequestId: `CLISEED${accountNumber}`,
      pennyDrop: false,
      requestedAt: at,
    };
    recordVerificationRequest(db, request);
    recordBankCheck(
      db,
      request,
      { status: 'verified', bankName, rawStatus: null, enkashUniqueId: null, utr: null },
      at,
    );
  }
  db.close();
}

const paid = (paise: number) => cli.sandbox.ledger().filter((e) => e.amountPaise === paise).length;

describe('cli submit never pays a verified mismatch without --accept-mismatch (issue 12 point 7)', () => {
  it('--yes holds the mismatch, pays the rest, and lists the held row in --json', async () => {
    seedCache('d1');
    const before = paid(5_200_050);
    const out = io();
    const code = await createSubmitCommand().run([sheet('dec.csv'), '--yes', '--json', ...flags('d1')], out);
    expect(code).toBe(0);
    const json = JSON.parse(out.stdout[0]!);
    expect(json).toMatchObject({
      rows: 1,
      totalPaise: 4_500_000,
      held: { rows: 1, totalPaise: 5_200_050, rowNumbers: [3], acceptedRowNumbers: [] },
    });
    expect(paid(5_200_050)).toBe(before);
    expect(out.stderr.join('\n')).toMatch(/Held 1 row\(s\) \(₹52,000\.50\): row 3.*--accept-mismatch/);
  });

  it('--accept-mismatch 3 --reason pays the held row; the audit keeps the reason', async () => {
    seedCache('d2');
    const before = paid(5_200_050);
    const out = io();
    const code = await createSubmitCommand().run(
      [
        sheet('dec-b.csv', 'Dec B'),
        '--yes',
        '--json',
        '--accept-mismatch',
        '3',
        '--reason',
        'Vendor confirmed by phone',
        ...flags('d2'),
      ],
      out,
    );
    expect(code).toBe(0);
    const json = JSON.parse(out.stdout[0]!);
    expect(json).toMatchObject({
      rows: 2,
      totalPaise: 9_700_050,
      held: { rows: 0, rowNumbers: [], acceptedRowNumbers: [3] },
    });
    expect(paid(5_200_050)).toBe(before + 1);
    const db = openDatabase({ file: cli.path('d2', DB_FILE) });
    const audit = db.prepare("SELECT data FROM audit_log WHERE action = 'accept_mismatch'").all() as { data: string }[];
    db.close();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ reason: 'Vendor confirmed by phone', rowNumber: 3 });
    expect(JSON.parse(audit[0]!.data).actor).toMatch(/^cli/);
  });

  it('a row that is not held, or a missing reason, is invalid input and nothing is sent', async () => {
    seedCache('d3');
    const before = cli.sandbox.ledger().length;
    const notHeld = io();
    expect(
      await createSubmitCommand().run(
        [sheet('dec-c.csv', 'Dec C'), '--yes', '--accept-mismatch', '2,3', '--reason', 'checked', ...flags('d3')],
        notHeld,
      ),
    ).toBe(2);
    expect(notHeld.stderr.join('\n')).toMatch(/row 2 is not held as a payee mismatch \(held rows: 3\)/);

    const noReason = io();
    expect(
      await createSubmitCommand().run(
        [sheet('dec-d.csv', 'Dec D'), '--yes', '--accept-mismatch', '3', ...flags('d3')],
        noReason,
      ),
    ).toBe(2);
    expect(noReason.stderr.join('\n')).toMatch(/--accept-mismatch needs --reason/);
    const shortReason = io();
    expect(
      await createSubmitCommand().run(
        [sheet('dec-e.csv', 'Dec E'), '--yes', '--accept-mismatch', '3', '--reason', 'ok', ...flags('d3')],
        shortReason,
      ),
    ).toBe(2);
    expect(cli.sandbox.ledger().length).toBe(before);
  });
});
