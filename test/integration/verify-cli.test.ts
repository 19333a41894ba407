import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVerifyCommand, type VerifyJson } from '../../src/cli/commands/verify';
import type { FetchLike } from '../../src/main/enkash/transport';
import { SANDBOX_DEMO } from '../../src/main/sandbox/index';
import { captureIo } from '../support/cli-io';

/** Issue 12 point 7: `verify <file>` against the data folder's Sandbox (its bank names: src/main/sandbox/bank-names.ts). */

const root = mkdtempSync(join(tmpdir(), 'payout-verify-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${++n}`);

const FIXTURES = join(__dirname, '../fixtures');
const HEADER = 'Beneficiary Name,A/c No,IFSC Code,UPI ID,Mode,Amount (Rs),Narration';
function sheet(name: string, lines: string[]): string {
  const file = join(root, name);
  writeFileSync(file, [HEADER, ...lines].join('\n') + '\n');
  return file;
}
// Bank names: Priya → "MS PRIYA SHARMA", Lakshmi → "LAKSHMI MENON" (matches); 12345678 → "SANJAY KUMAR DAS".
const allMatch = sheet('match.csv', [
  'Priya Sharma,50100012345678,HDFC0000240,,IMPS,2000.00,Rent',
  'Lakshmi Menon,723456789012,PUNB0244200,,NEFT,1500.00,Rent',
  'Lakshmi Menon,723456789012,PUNB0244200,,NEFT,500.00,Rent again',
  'Meena Iyer,,,meena.iyer@okaxis,UPI,250.00,Tea',
]);
const withPartial = sheet('partial.csv', [
  'Priya Sharma,50100012345678,HDFC0000240,,IMPS,2000.00,Rent',
  'Sanjay Das,12345678,SBIN0001234,,NEFT,100.00,Fees',
]);
const withInvalid = sheet('invalid.csv', [
  'Priya Sharma,50100012345678,HDFC0000240,,IMPS,2000.00,Rent',
  'Nobody,5010001234,NOTANIFSC,,NEFT,100.00,Bad IFSC',
]);

function counting() {
  const urls: string[] = [];
  const fetch: FetchLike = (url, init) => {
    urls.push(url);
    return globalThis.fetch(url, init);
  };
  return { fetch, calls: () => urls.length, checks: () => urls.filter((u) => u.includes('/pennyDrop')).length };
}

async function verify(args: string[], fetch?: FetchLike, env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(env);
  const code = await createVerifyCommand({ fetch }).run(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('verify <file> (exit codes, JSON, cache)', () => {
  it('exit 0 when every bank row matches; a second run makes no EnKash call', async () => {
    const dir = freshDir();
    const wire = counting();
    const first = await verify([allMatch, '--json', '--data-dir', dir], wire.fetch);
    expect(first.code).toBe(0);
    const json = JSON.parse(first.out) as VerifyJson;
    expect(json.rows.map((r) => [r.row, r.payeeName, r.bankName, r.verdict])).toEqual([
      [2, 'Priya Sharma', 'MS PRIYA SHARMA', 'match'],
      [3, 'Lakshmi Menon', 'LAKSHMI MENON', 'match'],
      [4, 'Lakshmi Menon', 'LAKSHMI MENON', 'match'],
      [5, 'Meena Iyer', null, 'skipped'],
    ]);
    expect(json.rows[0]!.score).toBeGreaterThanOrEqual(0.85);
    // The same account twice in one sheet is checked once.
    expect(json.summary).toMatchObject({ rows: 4, calls: 2, fromCache: 0, leftOut: 0, environment: 'sandbox' });
    expect(wire.checks()).toBe(2);

    const again = counting();
    const second = await verify([allMatch, '--json', '--data-dir', dir], again.fetch);
    expect(second.code).toBe(0);
    expect(again.checks()).toBe(0);
    expect((JSON.parse(second.out) as VerifyJson).summary).toMatchObject({ calls: 0, fromCache: 3 });
  });

  it('exit 1 when a row is partial; the human table masks account numbers', async () => {
    const res = await verify([withPartial, '--data-dir', freshDir()]);
    expect(res.code).toBe(1);
    expect(res.out).toContain('Partial match');
    expect(res.out).toContain('SANJAY KUMAR DAS');
    expect(res.out).toContain('********5678');
    expect(res.out).not.toContain('50100012345678');
    expect(res.out).toMatch(/2 rows verified \(sandbox\): match 1 · partial match 1 · EnKash checks 2 · from cache 0/);
  });

  it('exit 1 when the bank cannot verify an account (closed): the row is failed, with no bank name', async () => {
    const closed = sheet('closed.csv', ['Karan Mehta,823456789012,YESB0000001,,NEFT,100.00,Fees']);
    const res = await verify([closed, '--json', '--data-dir', freshDir()]);
    expect(res.code).toBe(1);
    const json = JSON.parse(res.out) as VerifyJson;
    expect(json.rows).toEqual([expect.objectContaining({ row: 2, verdict: 'failed', bankName: null, score: null })]);
    expect(json.summary.counts.failed).toBe(1);
  });

  it('exit 1 on the sample sheet (a payee whose account holds another name); rows with errors are left out', async () => {
    const res = await verify([join(FIXTURES, 'payouts-mixed.csv'), '--json', '--data-dir', freshDir()]);
    expect(res.code).toBe(1);
    const json = JSON.parse(res.out) as VerifyJson;
    expect(json.rows.find((r) => r.payeeName === 'Deepa Nair')).toMatchObject({
      verdict: 'mismatch',
      bankName: 'RAJESH MALHOTRA',
    });
    expect(json.summary.leftOut).toBeGreaterThan(0);
    expect(json.summary.rows + json.summary.leftOut).toBe(20);
  });

  it('leaves out a row with a validation error and makes no call for it', async () => {
    const wire = counting();
    const res = await verify([withInvalid, '--json', '--data-dir', freshDir()], wire.fetch);
    expect(res.code).toBe(0);
    const json = JSON.parse(res.out) as VerifyJson;
    expect(json.rows.map((r) => r.row)).toEqual([2]);
    expect(json.summary).toMatchObject({ rows: 1, leftOut: 1, calls: 1 });
    expect(wire.checks()).toBe(1);
  });

  it('--penny-drop asks for a penny drop (and warns of the fee); the file after it is still the file', async () => {
    const bodies: string[] = [];
    const fetch: FetchLike = (url, init) => {
      if (url.includes('/pennyDrop')) bodies.push(String(init.body));
      return globalThis.fetch(url, init);
    };
    const res = await verify(['--penny-drop', allMatch, '--data-dir', freshDir()], fetch);
    expect(res.code).toBe(0);
    expect(res.err).toContain('fee');
    expect(bodies.length).toBe(2);
    for (const b of bodies) expect(JSON.parse(b)).toMatchObject({ pennyLess: false });
  });

  it.each([
    ['a missing file', [join(root, 'nope.csv')], 'file_unreadable'],
    ['a file with only a header', [join(FIXTURES, 'header-only.csv')], null],
    ['a binary file', [join(FIXTURES, 'binary-renamed.csv')], null],
  ])('exit 2 on %s, before any call', async (_label, args, code) => {
    const wire = counting();
    const res = await verify([...args, '--json', '--data-dir', freshDir()], wire.fetch);
    expect(res.code).toBe(2);
    const json = JSON.parse(res.out) as { error: { code: string } };
    if (code) expect(json.error.code).toBe(code);
    expect(wire.calls()).toBe(0);
  });

  it('exit 2 on bad usage: no file, an unknown option', async () => {
    expect((await verify(['--data-dir', freshDir()])).code).toBe(2);
    const res = await verify([allMatch, '--pennydrop', '--data-dir', freshDir()]);
    expect(res.code).toBe(2);
    expect(res.err).toContain('Unknown option --pennydrop');
  });

  it('EnKash unreachable: the usual error exit with a message, and no verdicts printed', async () => {
    const env = {
      ENKASH_CLIENT_ID: SANDBOX_DEMO.clientId,
      ENKASH_CLIENT_SECRET: SANDBOX_DEMO.clientSecret,
      ENKASH_USERNAME: SANDBOX_DEMO.username,
      ENKASH_PASSWORD: SANDBOX_DEMO.password,
    };
    const args = [allMatch, '--env', 'custom', '--base-url', 'http://127.0.0.1:9', '--data-dir', freshDir()];
    const human = await verify(args, undefined, env);
    expect(human.code).toBe(1);
    expect(human.err).toMatch(/could not be reached.*\[enkash_unavailable\]/);
    expect(human.out).toBe('');
    const json = await verify([...args, '--json'], undefined, env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ error: { code: 'enkash_unavailable' } });
  });
});
