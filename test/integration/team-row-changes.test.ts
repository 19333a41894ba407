import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, get, q, run } from '../../src/main/db/store/ops';
import { setRoleOps } from '../../src/main/services/team/users';
import type { MappedRow } from '../../src/shared/sheet/row-draft';
import { startTeamServer, teamClient, type TeamServer } from '../support/team-server';
import { makeRows, rupees, shaOf, sumPaise } from './support/journal-harness';

/**
 * Issue 14 point 3, last part: on a Desk Server any later change needs fresh approvals. A maker's edit of a batch
 * awaiting approval drops the approvals given so far and makes the maker an author, whose approval the service and
 * the database (a hand-written INSERT) refuse; a retry of FAILED rows is a new batch awaiting approval, not sent
 * until a checker approves it, then sent once under fresh ids. All through the real server's /ipc and /api routes.
 */

const PASSWORD = 'row changes pass phrase';
let team: TeamServer;

beforeAll(async () => {
  team = await startTeamServer({
    seed: 14,
    users: { maya: 'maker', mohan: 'maker', chetan: 'checker', cathy: 'checker', ada: 'admin' },
    password: PASSWORD,
  });
}, 60_000);

afterAll(async () => {
  expect(await team.stop()).toBe(0);
});

const { api, as } = teamClient(() => team.url, PASSWORD);

/** A registry command through the server, as a desk in Team mode calls it; the app's envelope's value. */
async function ipc<T>(who: string, command: string, input: unknown): Promise<T> {
  const r = await api('POST', `/ipc/${command}`, await as(who), input);
  expect(r.json, JSON.stringify(r.json)).toMatchObject({ ok: true });
  return (r.json as { value: T }).value;
}

type Status = { state: string; totalPaise: number; contentHash: string | null; approvals: { user: string }[] };
const status = async (batchId: number) =>
  (await api('GET', `/api/batches/${batchId}/approval`, await as('chetan'))).json as unknown as Status;
const approve = async (who: string, batchId: number, total: string) =>
  api('POST', `/api/batches/${batchId}/approve`, await as(who), { total });

async function stage(rows: MappedRow[], fileName: string): Promise<number> {
  const r = await api('POST', '/api/batches', await as('maya'), { fileName, sha256: shaOf(fileName), rows });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  expect(r.json).toMatchObject({ approval: { state: 'AWAITING_APPROVAL' } });
  return r.json.batchId as number;
}

const rowsOf = (batchId: number) =>
  team.store.run(
    all<{ id: number; state: string; transactionId: string; amountPaise: number; retryOf: number | null }>(
      q`SELECT id, state, transaction_id AS transactionId, amount_paise AS amountPaise, retry_of_payout_id AS retryOf
        FROM payouts WHERE batch_id = ${batchId} AND state <> 'CANCELLED' ORDER BY row_number, id`,
    ),
  );

const batchState = async (batchId: number) =>
  (await team.store.run(get<{ state: string }>(q`SELECT state FROM batches WHERE id = ${batchId}`)))?.state;

async function until(what: string, check: () => Promise<boolean>, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A checker's approval written by hand, as a modified client would: the database's trigger is the last word. */
async function insertApproval(userName: string, batchId: number) {
  const s = await status(batchId);
  const user = await team.store.run(get<{ id: number }>(q`SELECT id FROM team_users WHERE name = ${userName}`));
  return team.store.run(
    run(
      q`INSERT INTO batch_approvals (batch_id, user_id, content_hash, typed_total_paise, approved_at, expires_at)
        VALUES (${batchId}, ${user!.id}, ${s.contentHash}, ${s.totalPaise}, '2026-01-01T00:00:00.000Z',
                '2999-01-01T00:00:00.000Z')`,
    ),
  );
}

describe('row changes on a Desk Server need fresh approvals', () => {
  it('an edit of a batch awaiting approval drops its approvals; the editor may not approve it', async () => {
    // Over ₹5,00,000: two checkers by the default policy.
    const rows = makeRows(3, 41).map((r) => ({ ...r, values: { ...r.values, amount: '200000.00' } }));
    const batchId = await stage(rows, 'edit-me.csv');
    const first = await status(batchId);
    expect(first).toMatchObject({ state: 'AWAITING_APPROVAL', approvals: [] });
    expect((await approve('chetan', batchId, rupees(sumPaise(rows)))).json).toMatchObject({
      state: 'AWAITING_APPROVAL',
      approvals: [{ user: 'chetan' }],
    });

    // A second maker changes a row's amount: the batch still waits, with new content and no approval counting.
    const [row] = await rowsOf(batchId);
    const edit = await ipc<{ ok: boolean }>('mohan', 'editDraftRow', {
      payoutId: row!.id,
      fields: { amount: '190000.00' },
    });
    expect(edit.ok).toBe(true);
    const after = await status(batchId);
    expect(after).toMatchObject({ state: 'AWAITING_APPROVAL', totalPaise: sumPaise(rows) - 1_000_000, approvals: [] });
    expect(after.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(after.contentHash).not.toBe(first.contentHash);
    const newTotal = rupees(after.totalPaise);
    // The old total is no longer the batch's; the approval from before the change is gone.
    expect((await approve('chetan', batchId, rupees(sumPaise(rows)))).status).toBe(400);

    // The editor, even once made a checker, may not approve what they changed — nor write the approval by hand.
    await team.store.run(setRoleOps('mohan', 'checker', { by: 'ada', at: new Date() }));
    const self = await approve('mohan', batchId, newTotal);
    expect(self).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
    expect(JSON.stringify(self.json)).toContain('self_approval');
    await expect(insertApproval('mohan', batchId)).rejects.toThrow(/self_approval/);
    // The maker who staged it is refused by the database too.
    await expect(insertApproval('maya', batchId)).rejects.toThrow(/self_approval/);

    // A change by a maker who is no checker: nothing left the server, and two fresh approvals send it.
    const ids = new Set((await rowsOf(batchId)).map((r) => r.transactionId));
    expect(team.sandbox.payouts().some((p) => ids.has(p.transactionId))).toBe(false);
    expect((await approve('chetan', batchId, newTotal)).json).toMatchObject({ state: 'AWAITING_APPROVAL' });
    expect((await approve('cathy', batchId, newTotal)).json).toMatchObject({ state: 'CONFIRMED' });
    await until('the batch to be sent', async () => (await batchState(batchId)) === 'SENT');
    for (const r of await rowsOf(batchId)) {
      expect(team.sandbox.payouts().filter((p) => p.transactionId === r.transactionId)).toHaveLength(1);
    }
    // Rows of a confirmed batch no longer change through the server.
    const late = await api('POST', '/ipc/excludeRows', await as('maya'), { batchId, payoutIds: [row!.id] });
    expect(late.json).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await team.store.run(setRoleOps('mohan', 'maker', { by: 'ada', at: new Date() }));
  }, 90_000);

  it('a retry of FAILED rows waits for approval, then is sent once under fresh ids', async () => {
    const rows = makeRows(3, 43).map((r, i) =>
      i === 1 ? { ...r, values: { ...r.values, name: 'Meena Rao FAIL' } } : r,
    );
    const batchId = await stage(rows, 'fail-one.csv');
    expect((await approve('chetan', batchId, rupees(sumPaise(rows)))).json).toMatchObject({ state: 'CONFIRMED' });
    // The server sends and polls; "check now" (a maker's) hurries the poller along.
    await until('the bank to fail a row and settle the rest', async () => {
      await ipc('maya', 'checkAllOpenRows', undefined);
      const states = (await rowsOf(batchId)).map((r) => r.state);
      return states.includes('FAILED') && states.every((s) => s === 'FAILED' || s === 'SUCCESS');
    });
    const failed = (await rowsOf(batchId)).filter((r) => r.state === 'FAILED');

    const retry = await ipc<{ batchId: number; rows: number; totalPaise: number }>('mohan', 'retryFailedRows', {
      batchId,
    });
    expect(retry.rows).toBe(failed.length);
    const copies = await rowsOf(retry.batchId);
    expect(copies.map((c) => c.retryOf).sort()).toEqual(failed.map((f) => f.id).sort());
    expect(copies.some((c) => failed.some((f) => f.transactionId === c.transactionId))).toBe(false);
    expect(await status(retry.batchId)).toMatchObject({ state: 'AWAITING_APPROVAL', approvals: [] });
    // Not twice while that retry is alive.
    const again = await api('POST', '/ipc/retryFailedRows', await as('maya'), { batchId });
    expect(again.json).toMatchObject({ ok: false, error: { message: expect.stringContaining('no failed rows') } });

    // Nothing of the retry is sent before its approval …
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await batchState(retry.batchId)).toBe('AWAITING_APPROVAL');
    for (const c of copies) expect(team.sandbox.payouts().some((p) => p.transactionId === c.transactionId)).toBe(false);
    // … its maker may not approve it (role, and by hand the trigger), a checker does, and it goes out once.
    expect((await approve('mohan', retry.batchId, rupees(retry.totalPaise))).status).toBe(403);
    await expect(insertApproval('mohan', retry.batchId)).rejects.toThrow(/self_approval/);
    expect((await approve('cathy', retry.batchId, rupees(retry.totalPaise))).json).toMatchObject({
      state: 'CONFIRMED',
    });
    await until('the retry to be sent', async () => (await batchState(retry.batchId)) === 'SENT');
    for (const c of copies) {
      expect(team.sandbox.payouts().filter((p) => p.transactionId === c.transactionId)).toHaveLength(1);
    }
    for (const f of failed) {
      expect(team.sandbox.payouts().filter((p) => p.transactionId === f.transactionId)).toHaveLength(1);
    }
  }, 120_000);

  it('a batch a checker rejected goes back for approval once its maker changes it', async () => {
    const rows = makeRows(4, 47);
    const batchId = await stage(rows, 'reject-me.csv');
    const rejected = await api('POST', `/api/batches/${batchId}/reject`, await as('cathy'), {
      reason: 'Row 2 is paid already',
    });
    expect(rejected.json).toMatchObject({ state: 'DRAFT', contentHash: null });
    const [, second] = await rowsOf(batchId);
    const left = await ipc<{ rowCount: number }>('mohan', 'excludeRows', { batchId, payoutIds: [second!.id] });
    expect(left.rowCount).toBe(3);
    const back = await status(batchId);
    expect(back).toMatchObject({ state: 'AWAITING_APPROVAL', totalPaise: sumPaise(rows) - second!.amountPaise });
    // Both makers are authors now: neither approval is accepted, even written by hand.
    await expect(insertApproval('mohan', batchId)).rejects.toThrow(/self_approval/);
    expect((await approve('chetan', batchId, rupees(back.totalPaise))).json).toMatchObject({ state: 'CONFIRMED' });
    await until('the batch to be sent', async () => (await batchState(batchId)) === 'SENT');
    expect(team.sandbox.payouts().some((p) => p.transactionId === second!.transactionId)).toBe(false);
  }, 90_000);

  it('excluding and including rows, and a single payout, each wait for fresh approvals', async () => {
    // ₹9,00,000, and ₹6,00,000 with a row out: two checkers either way.
    const rows = makeRows(3, 59).map((r) => ({ ...r, values: { ...r.values, amount: '300000.00' } }));
    const batchId = await stage(rows, 'in-and-out.csv');
    const total = rupees(sumPaise(rows));
    expect((await approve('chetan', batchId, total)).json).toMatchObject({ approvals: [{ user: 'chetan' }] });
    const [, second] = await rowsOf(batchId);
    await ipc('mohan', 'excludeRows', { batchId, payoutIds: [second!.id] });
    expect(await status(batchId)).toMatchObject({ state: 'AWAITING_APPROVAL', approvals: [] });
    expect((await approve('cathy', batchId, rupees(sumPaise(rows) - second!.amountPaise))).json).toMatchObject({
      approvals: [{ user: 'cathy' }],
    });
    // Put back (as a copy under a new id): the total is the first one again, and cathy's approval is gone too.
    const back = await ipc<{ included: number; totalPaise: number }>('maya', 'includeRows', {
      batchId,
      payoutIds: [second!.id],
    });
    expect(back).toMatchObject({ included: 1, totalPaise: sumPaise(rows) });
    expect(await status(batchId)).toMatchObject({ state: 'AWAITING_APPROVAL', approvals: [] });
    expect(await batchState(batchId)).toBe('AWAITING_APPROVAL');

    // A payee typed in by hand is a batch of one, staged by its maker and submitted, never sent on its own.
    const single = await ipc<{ batchId: number }>('maya', 'createSinglePayout', {
      values: { name: 'Kiran Das', accountNumber: '123456789012', ifsc: 'HDFC0000123', amount: '1500.00' },
    });
    expect(await status(single.batchId)).toMatchObject({ state: 'AWAITING_APPROVAL', stagedBy: 'maya' });
    await expect(insertApproval('maya', single.batchId)).rejects.toThrow(/self_approval/);
    // A checker may not change rows at all.
    const checker = await api('POST', '/ipc/excludeRows', await as('chetan'), { batchId, payoutIds: [second!.id] });
    expect(checker).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
  }, 60_000);

  it('fixed REJECTED rows go into a retry batch awaiting approval, never resent under their old id', async () => {
    // This EnKash refuses remarks over 30 characters; the sheet rules only warn.
    team.sandbox.setDialect({ remarkMaxLength: 30 });
    const rows = makeRows(3, 53).map((r, i) =>
      i === 0 ? { ...r, values: { ...r.values, remark: 'Salary for November with arrears and bonus' } } : r,
    );
    const batchId = await stage(rows, 'reject-one.csv');
    expect((await approve('chetan', batchId, rupees(sumPaise(rows)))).json).toMatchObject({ state: 'CONFIRMED' });
    await until('the batch to be sent', async () => (await batchState(batchId)) === 'SENT');
    const [refused] = (await rowsOf(batchId)).filter((r) => r.state === 'REJECTED');
    expect(refused).toBeDefined();

    // mohan fixes the row, maya resubmits it: a retry batch of both, not a resend.
    const fixed = await ipc<{ ok: boolean }>('mohan', 'editRejectedRow', {
      payoutId: refused!.id,
      fields: { remark: 'Salary Nov' },
    });
    expect(fixed.ok).toBe(true);
    const typed = rupees(refused!.amountPaise);
    const wrong = await api('POST', '/ipc/resubmitRejected', await as('maya'), {
      batchId,
      payoutIds: [refused!.id],
      typedTotal: rupees(refused!.amountPaise + 100),
    });
    expect(wrong.json).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const report = await ipc<{ batchId: number; blocks: unknown[] }>('maya', 'resubmitRejected', {
      batchId,
      payoutIds: [refused!.id],
      typedTotal: typed,
    });
    expect(report.blocks).toEqual([]);
    const retryId = report.batchId;
    expect(retryId).not.toBe(batchId);
    expect(await status(retryId)).toMatchObject({ state: 'AWAITING_APPROVAL', approvals: [] });
    const [copy] = await rowsOf(retryId);
    expect(copy).toMatchObject({ retryOf: refused!.id, amountPaise: refused!.amountPaise });
    expect(copy!.transactionId).not.toBe(refused!.transactionId);
    // The original is retired: neither edited nor resubmitted again, and it stays REJECTED (the batch stays SENT).
    const reedit = await api('POST', '/ipc/editRejectedRow', await as('maya'), {
      payoutId: refused!.id,
      fields: { remark: 'Other' },
    });
    expect(reedit.json).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const twice = await api('POST', '/ipc/resubmitRejected', await as('maya'), {
      batchId,
      payoutIds: [refused!.id],
      typedTotal: typed,
    });
    expect(twice.json).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await batchState(batchId)).toBe('SENT');
    // A desk-style resubmission (REJECTED → READY) on the team's database is refused by the database itself.
    await expect(team.store.run(run(q`UPDATE payouts SET state = 'READY' WHERE id = ${refused!.id}`))).rejects.toThrow(
      /approval_required/,
    );

    // Whoever fixed the row may not approve its retry, even as a checker.
    await team.store.run(setRoleOps('mohan', 'checker', { by: 'ada', at: new Date() }));
    expect((await approve('mohan', retryId, typed)).json).toMatchObject({ error: { code: 'forbidden' } });
    await expect(insertApproval('mohan', retryId)).rejects.toThrow(/self_approval/);
    await team.store.run(setRoleOps('mohan', 'maker', { by: 'ada', at: new Date() }));
    expect(team.sandbox.payouts().some((p) => p.transactionId === copy!.transactionId)).toBe(false);
    expect((await approve('cathy', retryId, typed)).json).toMatchObject({ state: 'CONFIRMED' });
    await until('the retry to be sent', async () => (await batchState(retryId)) === 'SENT');
    expect(team.sandbox.payouts().filter((p) => p.transactionId === copy!.transactionId)).toHaveLength(1);
    expect(team.sandbox.paidCount(refused!.transactionId)).toBe(0);
    expect((await rowsOf(batchId)).find((r) => r.id === refused!.id)?.state).toBe('REJECTED');
  }, 120_000);
});
