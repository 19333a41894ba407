import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index';
import { runCli } from '../../src/cli/main';
import { all, get, q } from '../../src/main/db/store/ops';
import { captureIo } from '../support/cli-io';
import { startTeamServer, type TeamServer } from '../support/team-server';
import { makeRows, rupees, sumPaise, writePayoutCsv } from './support/journal-harness';

/**
 * Issue 14 point 5, the rest of "CLI against a server": `export` (batch, all, recon, tally), `reconcile`,
 * `beneficiaries` and `verify` with `--server URL` work on the team's database through a real Desk Server — the
 * export file written here from what the server streamed, byte for byte the file a local export of the same
 * database writes — and the server's roles decide: a viewer exports, but may not reconcile, verify or delete (exit 3).
 */

const PASSWORD = 'server commands pass phrase';
let team: TeamServer;
let batchId = 0;
let rowCount = 0;

async function cli(args: string[], user: string) {
  const io = captureIo({ PAYOUT_DESK_USER: user, PAYOUT_DESK_PASSWORD: PASSWORD });
  const code = await runCli(args, io, commands);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}
const viaServer = (args: string[], user: string) => cli([...args, '--server', team.url], user);
const onDatabase = (args: string[], user: string) => cli([...args, '--database-url', team.db.url], user);

async function ipc(user: string, command: string, input: unknown) {
  const signIn = await fetch(`${team.url}/api/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: user, password: PASSWORD }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const res = await fetch(`${team.url}/ipc/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; value?: unknown };
}

beforeAll(async () => {
  team = await startTeamServer({
    seed: 21,
    users: { maya: 'maker', chetan: 'checker', vimal: 'viewer' },
    password: PASSWORD,
  });
  // A batch the team sent: staged by the maker through the server, approved by the checker, sent by the server.
  const rows = makeRows(5, 21, 2100);
  rowCount = rows.length;
  const file = writePayoutCsv(join(team.dir, 'paid.csv'), rows);
  const submitted = await viaServer(['submit', file, '--yes', '--json'], 'maya');
  expect(submitted.code, submitted.err).toBe(0);
  batchId = (JSON.parse(submitted.out) as { batchId: number }).batchId;
  const total = rupees(sumPaise(rows));
  const approved = await viaServer(['approve', String(batchId), '--total', total], 'chetan');
  expect(approved.code, approved.err).toBe(0);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const batch = await team.store.run(get<{ state: string }>(q`SELECT state FROM batches WHERE id = ${batchId}`));
    if (batch?.state === 'SENT') break;
    if (Date.now() > deadline) throw new Error('the batch was not sent');
    await new Promise((r) => setTimeout(r, 50));
  }
  // `reconcile --server` asks the server to check every open row now, until EnKash has settled them all.
  for (;;) {
    const round = await viaServer(['reconcile', '--json'], 'maya');
    expect(round.code, round.err).toBe(0);
    const open = await team.store.run(
      get<{ n: number }>(
        q`SELECT count(*) AS n FROM payouts WHERE batch_id = ${batchId} AND state NOT IN ('SUCCESS', 'FAILED', 'REJECTED')`,
      ),
    );
    if (Number(open?.n) === 0) break;
    if (Date.now() > deadline) throw new Error('the batch did not settle');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 90_000);

afterAll(async () => {
  expect(await team.stop()).toBe(0);
});

describe('export --server', () => {
  it('a viewer exports a batch and the filtered history: the same files as a local export of the database', async () => {
    for (const [name, target] of [
      ['batch', ['--batch', String(batchId)]],
      ['all', ['--all', '--sort', 'amount', '--asc']],
    ] as const) {
      const remote = join(team.dir, `${name}-server.csv`);
      const local = join(team.dir, `${name}-local.csv`);
      const r = await viaServer(['export', ...target, '--format', 'csv', '--out', remote, '--json'], 'vimal');
      expect(r.code, r.err).toBe(0);
      const l = await onDatabase(['export', ...target, '--format', 'csv', '--out', local, '--json'], 'vimal');
      expect(l.code, l.err).toBe(0);
      const { path: _r, ...remoteJson } = JSON.parse(r.out) as Record<string, unknown>;
      const { path: _l, ...localJson } = JSON.parse(l.out) as Record<string, unknown>;
      expect(remoteJson).toEqual(localJson);
      expect(remoteJson.rows).toBe(rowCount);
      expect(readFileSync(remote, 'utf8')).toBe(readFileSync(local, 'utf8'));
      // Masked as the served history is: no whole account number in the file.
      expect(readFileSync(remote, 'utf8')).toContain('****');
    }
    const xlsx = join(team.dir, 'batch-server.xlsx');
    const x = await viaServer(['export', '--batch', String(batchId), '--format', 'xlsx', '--out', xlsx], 'vimal');
    expect(x.code, x.err).toBe(0);
    expect(x.out).toContain(`Wrote ${rowCount} rows`);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  }, 60_000);

  it('refusals: a whole account number, an unknown batch or run, no file left behind', async () => {
    const out = join(team.dir, 'refused.csv');
    const full = await viaServer(
      ['export', '--batch', String(batchId), '--format', 'csv', '--out', out, '--full-account'],
      'vimal',
    );
    expect(full.code).toBe(2);
    expect(full.err).toContain('--full-account is not served');
    for (const target of [
      ['--batch', '999999'],
      ['--recon', '999999'],
    ]) {
      const r = await viaServer(['export', ...target, '--format', 'csv', '--out', out], 'vimal');
      const l = await onDatabase(['export', ...target, '--format', 'csv', '--out', out], 'vimal');
      expect(r.code).not.toBe(0);
      expect(r.code).toBe(l.code);
    }
    expect(existsSync(out)).toBe(false);
    const stranger = await cli(
      ['export', '--batch', String(batchId), '--format', 'csv', '--out', out, '--server', team.url],
      'nobody',
    );
    expect(stranger.code).not.toBe(0);
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it('--format tally: the team’s vouchers, the same XML as a local export', async () => {
    const remote = join(team.dir, 'tally-server.xml');
    const local = join(team.dir, 'tally-local.xml');
    const args = ['export', '--batch', String(batchId), '--format', 'tally', '--bank-ledger', 'HDFC Current A/c'];
    const noLedger = await viaServer(['export', '--all', '--format', 'tally', '--out', remote], 'vimal');
    expect(noLedger.code).toBe(2);
    expect(noLedger.err).toContain('--bank-ledger');
    const r = await viaServer([...args, '--out', remote, '--json'], 'vimal');
    expect(r.code, r.err).toBe(0);
    const l = await onDatabase([...args, '--out', local, '--json'], 'vimal');
    expect(l.code, l.err).toBe(0);
    const { path: _r, ...remoteJson } = JSON.parse(r.out) as Record<string, unknown>;
    const { path: _l, ...localJson } = JSON.parse(l.out) as Record<string, unknown>;
    expect(remoteJson).toEqual(localJson);
    expect(readFileSync(remote, 'utf8')).toBe(readFileSync(local, 'utf8'));
    expect(readFileSync(remote, 'utf8')).toContain('HDFC Current A/c');
    const party = join(team.dir, 'party.csv');
    writeFileSync(party, 'Payee,Ledger\nX,Y\n');
    const remember = await viaServer([...args, '--out', remote, '--party-ledgers', party], 'vimal');
    expect(remember.code).toBe(2);
  }, 30_000);
});

describe('reconcile, beneficiaries and verify --server', () => {
  it('reconcile: a maker asks the server for a round; a viewer or a checker is refused by role', async () => {
    const viewer = await viaServer(['reconcile', '--json'], 'vimal');
    expect(viewer.code).toBe(3);
    expect(viewer.out + viewer.err).toMatch(/vimal is a viewer/);
    const r = await viaServer(['reconcile', '--json'], 'maya');
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out) as { environment: string; unknown: number; unsent: number; byState: object };
    const counts = await team.store.run(
      all<{ state: string; n: number }>(q`SELECT state, count(*) AS n FROM payouts GROUP BY state ORDER BY state`),
    );
    expect(json).toMatchObject({ environment: 'sandbox', unknown: 0, unsent: 0 });
    expect(json.byState).toEqual(Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])));
    // The desk's "Check all" needs batch control, as on the server's registry (checkAllOpenRows): not a checker's.
    const checker = await viaServer(['reconcile'], 'chetan');
    expect(checker.code).toBe(3);
    expect(checker.err).toContain('chetan is a checker');
    const text = await viaServer(['reconcile'], 'maya');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('Reconciled sandbox: 0 unknown, 0 unsent');
    const mixed = await viaServer(['reconcile', '--timeout-s', '5'], 'maya');
    expect(mixed.code).toBe(2);
  }, 60_000);

  it('beneficiaries: anyone searches the team’s EnKash list (masked); a viewer may not delete, a maker may', async () => {
    const created = await ipc('maya', 'createBeneficiary', {
      beneficiaryId: 'BENSRV01',
      name: 'Asha Rao',
      accountNumber: '000123456789',
      ifsc: 'HDFC0000001',
    });
    expect(created.ok).toBe(true);
    const found = await viaServer(['beneficiaries', 'search', 'BENSRV01', '--json'], 'vimal');
    expect(found.code, found.err).toBe(0);
    const json = JSON.parse(found.out) as { environment: string; beneficiaries: { accountNumber: string }[] };
    expect(json.environment).toBe('sandbox');
    expect(json.beneficiaries).toHaveLength(1);
    expect(json.beneficiaries[0]).toMatchObject({ beneficiaryId: 'BENSRV01', name: 'Asha Rao' });
    expect(json.beneficiaries[0]!.accountNumber).not.toContain('000123456789');
    expect(json.beneficiaries[0]!.accountNumber).toMatch(/6789$/);
    const text = await viaServer(['beneficiaries', 'search', 'BENSRV01'], 'vimal');
    expect(text.out).toContain('1 beneficiary');
    expect((await viaServer(['beneficiaries', 'search', 'x', '--by', 'name'], 'vimal')).code).toBe(2);
    const refused = await viaServer(['beneficiaries', 'delete', 'BENSRV01'], 'vimal');
    expect(refused.code).toBe(3);
    expect(refused.out + refused.err).toMatch(/vimal is a viewer/);
    const deleted = await viaServer(['beneficiaries', 'delete', 'BENSRV01', '--json'], 'maya');
    expect(deleted.code, deleted.err).toBe(0);
    expect(JSON.parse(deleted.out)).toMatchObject({ environment: 'sandbox', beneficiaryId: 'BENSRV01', deleted: true });
  }, 30_000);

  it('verify: the server checks the sheet at its EnKash, with the team’s cache; a viewer is refused', async () => {
    const sheet = join(team.dir, 'payees.csv');
    writeFileSync(
      sheet,
      [
        'Beneficiary Name,A/c No,IFSC Code,UPI ID,Mode,Amount (Rs),Narration',
        'Priya Sharma,50100012345678,HDFC0000240,,IMPS,2000.00,Rent',
        'Lakshmi Menon,723456789012,PUNB0244200,,NEFT,1500.00,Rent',
        'Sanjay Das,12345678,SBIN0001234,,NEFT,100.00,Fees',
        'Meena Iyer,,,meena.iyer@okaxis,UPI,250.00,Tea',
      ].join('\n') + '\n',
    );
    const viewer = await viaServer(['verify', sheet, '--json'], 'vimal');
    expect(viewer.code).toBe(3);
    expect(viewer.out + viewer.err).toMatch(/vimal is a viewer/);
    const first = await viaServer(['verify', sheet, '--json'], 'maya');
    expect(first.code, first.err).toBe(1); // Sanjay Das is a partial match
    const json = JSON.parse(first.out) as {
      rows: { verdict: string; fromCache: boolean }[];
      summary: Record<string, unknown>;
    };
    expect(json.rows.map((r) => r.verdict)).toEqual(['match', 'match', 'partial', 'skipped']);
    expect(json.summary).toMatchObject({ rows: 4, calls: 3, fromCache: 0, environment: 'sandbox', leftOut: 0 });
    // The cache is the team's: in the server's database, answering the next run (by anyone who may verify).
    const cached = await team.store.run(all(q`SELECT account_number FROM payee_verifications`));
    expect(cached).toHaveLength(3);
    const second = await viaServer(['verify', sheet, '--json'], 'maya');
    expect(JSON.parse(second.out).summary).toMatchObject({ calls: 0, fromCache: 3 });
    const table = await viaServer(['verify', sheet], 'maya');
    expect(table.out).toContain('4 rows verified (sandbox)');
  }, 60_000);
});
