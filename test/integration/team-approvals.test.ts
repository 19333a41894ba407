import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { all, get, q } from '../../src/main/db/store/ops';
import { createSubmissionEngine } from '../../src/main/services/journal/engine';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { type ApprovalStatus, recordAuthorOps } from '../../src/main/services/team/approvals';
import { approveBatch, submitBatchForApproval } from '../../src/main/services/team/approve-batch';
import { setPolicyOps } from '../../src/main/services/team/policy';
import type { Role } from '../../src/main/services/team/roles';
import type { SessionUser } from '../../src/main/services/team/sessions';
import { addUserOps, prepareUser } from '../../src/main/services/team/users';
import type { MappedRow } from '../../src/shared/sheet/row-draft';
import {
  checkLedger,
  createHarness,
  type Harness,
  makeRows,
  manualClock,
  rupees,
  settle,
  shaOf,
  sumPaise,
} from './support/journal-harness';

/**
 * Issue 14 point 3: maker-checker on a Desk Server's PostgreSQL. A maker's batch waits for the approvals its total's
 * band needs (default 1 up to ₹5,00,000, 2 above); nobody approves what they staged or edited — refused by the
 * service and, for a hand-written INSERT, by the database; an approval is bound to the typed total and the content
 * hash; reject returns the batch to its maker; approvals expire. The last approval confirms and the engine sends.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const PASSWORD = 'correct horse battery';

async function team(x: Harness, names: Record<string, Role>): Promise<Record<string, SessionUser>> {
  const out: Record<string, SessionUser> = {};
  for (const [name, role] of Object.entries(names)) {
    const prepared = await prepareUser(name, role, PASSWORD);
    const user = await x.store.run(addUserOps(prepared, { by: 'cli', at: x.deps.now() }));
    out[name] = { id: user.id, name: user.name, role: user.role };
  }
  return out;
}

async function staged(x: Harness, rows: MappedRow[], fileName: string): Promise<number> {
  const { batchId } = await stageBatchOnStore(x.deps, { fileName, sha256: shaOf(fileName), kind: 'payouts', rows });
  if (batchId === null) throw new Error('nothing staged');
  return batchId;
}

/** Rows over the ₹5,00,000 band: three of ₹2,00,000 (NEFT by the default mode rule). */
function bigRows(seed: number): MappedRow[] {
  return makeRows(3, seed).map((r) => ({ ...r, values: { ...r.values, amount: '200000.00' } }));
}

const stateOf = async (x: Harness, batchId: number) => x.batchState(batchId);

describe('maker-checker on a Desk Server database', () => {
  it('a small batch needs one checker: the maker cannot approve it, a wrong total is refused, the approval sends it', async () => {
    h = await createHarness({ engine: 'pg' });
    const u = await team(h, { maya: 'maker', chetan: 'checker', vimal: 'viewer', ada: 'admin' });
    const rows = makeRows(5, 31);
    const batchId = await staged(h, rows, 'small.csv');

    // Only a maker submits.
    await expect(submitBatchForApproval(h.deps, batchId, u.chetan!)).rejects.toMatchObject({ code: 'forbidden' });
    const submitted = await submitBatchForApproval(h.deps, batchId, u.maya!);
    expect(submitted).toMatchObject({ state: 'AWAITING_APPROVAL', required: 1, approvals: [], stagedBy: 'maya' });
    expect(submitted.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const total = rupees(sumPaise(rows));
    for (const who of [u.maya!, u.vimal!, u.ada!]) {
      await expect(approveBatch(h.deps, batchId, who, total)).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(approveBatch(h.deps, batchId, u.chetan!, rupees(sumPaise(rows) + 1))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await stateOf(h, batchId)).toBe('AWAITING_APPROVAL');
    expect(await h.countIn(['READY'], batchId)).toBe(0);

    const approved = await approveBatch(h.deps, batchId, u.chetan!, total, submitted.contentHash!);
    expect(approved.state).toBe('CONFIRMED');
    expect(approved.approvals.map((a) => a.user)).toEqual(['chetan']);
    expect(await h.countIn(['READY'], batchId)).toBe(rows.length);

    await settle(h, batchId, createSubmissionEngine(h.deps));
    const check = await checkLedger(h);
    expect(check.paidTwice).toEqual([]);
    expect(check.ledgerPaise).toBe(sumPaise(rows));

    const audit = await h.store.run(
      all<{ action: string; data: string }>(
        q`SELECT action, data FROM audit_log WHERE entity = 'batch' AND entity_id = ${String(batchId)} ORDER BY id`,
      ),
    );
    const actions = audit.map((a) => a.action);
    expect(actions.slice(0, 4)).toEqual(['stage', 'submit-for-approval', 'approve', 'confirm']);
    expect(JSON.parse(audit[1]!.data)).toMatchObject({ by: 'maya' });
    expect(JSON.parse(audit[2]!.data)).toMatchObject({ by: 'chetan', typedTotalPaise: sumPaise(rows) });
    expect((await h.store.run(verifyAuditChainOps())).ok).toBe(true);
  });

  it('once a database has a team, a desk-style confirmation of a draft is refused by the database', async () => {
    h = await createHarness({ engine: 'pg' });
    const rows = makeRows(3, 36);
    const batchId = await staged(h, rows, 'desk.csv');
    await team(h, { maya: 'maker' });
    await expect(confirmBatch(h.deps, batchId, rupees(sumPaise(rows)))).rejects.toThrow(/approval_required/);
    expect(await stateOf(h, batchId)).toBe('DRAFT');
    expect(await h.countIn(['READY'], batchId)).toBe(0);
  });

  it('above ₹5,00,000 two distinct checkers must approve; one checker twice does not count', async () => {
    h = await createHarness({ engine: 'pg' });
    const u = await team(h, { maya: 'maker', chetan: 'checker', charu: 'checker' });
    const rows = bigRows(32);
    const batchId = await staged(h, rows, 'big.csv');
    await submitBatchForApproval(h.deps, batchId, u.maya!);
    const total = rupees(sumPaise(rows));
    const first = await approveBatch(h.deps, batchId, u.chetan!, total);
    expect(first).toMatchObject({ state: 'AWAITING_APPROVAL', required: 2 });
    await expect(approveBatch(h.deps, batchId, u.chetan!, total)).rejects.toMatchObject({
      code: 'forbidden',
      details: { refusal: 'twice' },
    });
    expect(await h.countIn(['READY'], batchId)).toBe(0);
    const second = await approveBatch(h.deps, batchId, u.charu!, total);
    expect(second.state).toBe('CONFIRMED');
    expect(second.approvals.map((a) => a.user).sort()).toEqual(['charu', 'chetan']);
  });

  it('the database itself refuses a self-approval, a stale or wrong-total approval, and a confirmation short of the band', async () => {
    h = await createHarness({ engine: 'pg' });
    const u = await team(h, { maya: 'maker', chetan: 'checker', charu: 'checker' });
    const batchId = await staged(h, bigRows(33), 'db.csv');
    const status: ApprovalStatus = await submitBatchForApproval(h.deps, batchId, u.maya!);
    // chetan fixed a row of it (an editor is an author too).
    await h.store.run(recordAuthorOps(batchId, u.chetan!, 'edited', h.deps.now()));
    const insert = (userId: number, hash: string, totalPaise: number) =>
      h!.store.run(
        get(q`INSERT INTO batch_approvals (batch_id, user_id, content_hash, typed_total_paise, approved_at, expires_at)
          VALUES (${batchId}, ${userId}, ${hash}, ${totalPaise}, '2026-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z')
          RETURNING id`),
      );
    await expect(insert(u.chetan!.id, status.contentHash!, status.totalPaise)).rejects.toThrow(/self_approval/);
    await expect(insert(u.maya!.id, status.contentHash!, status.totalPaise)).rejects.toThrow(/self_approval/);
    await expect(insert(u.charu!.id, 'f'.repeat(64), status.totalPaise)).rejects.toThrow(/approval_stale/);
    await expect(insert(u.charu!.id, status.contentHash!, status.totalPaise - 1)).rejects.toThrow(/approval_total/);
    // One valid approval of two: a direct state change is refused.
    await insert(u.charu!.id, status.contentHash!, status.totalPaise);
    await expect(
      h.store.run(get(q`UPDATE batches SET state = 'CONFIRMED' WHERE id = ${batchId} RETURNING id`)),
    ).rejects.toThrow(/approval_missing/);
    expect(await stateOf(h, batchId)).toBe('AWAITING_APPROVAL');
    // And the service refuses the editor with a clear message before the database has to.
    await expect(approveBatch(h.deps, batchId, u.chetan!, rupees(status.totalPaise))).rejects.toMatchObject({
      code: 'forbidden',
      details: { refusal: 'self_approval' },
    });
  });

  it('a change to the rows after submission makes approvals stale; a rejection returns it to its maker with the reason', async () => {
    h = await createHarness({ engine: 'pg' });
    const u = await team(h, { maya: 'maker', chetan: 'checker', charu: 'checker' });
    const rows = bigRows(34);
    const batchId = await staged(h, rows, 'stale.csv');
    const shown = await submitBatchForApproval(h.deps, batchId, u.maya!);
    await approveBatch(h.deps, batchId, u.chetan!, rupees(shown.totalPaise));
    // Someone changes a payee behind the approvals' back (same total, another account).
    await h.store.run(
      get(
        q`UPDATE payouts SET account_number = '999988887777' WHERE batch_id = ${batchId} AND row_number = 2 RETURNING id`,
      ),
    );
    await expect(approveBatch(h.deps, batchId, u.charu!, rupees(shown.totalPaise))).rejects.toMatchObject({
      code: 'conflict',
      details: { refusal: 'stale' },
    });
    const { rejectOps } = await import('../../src/main/services/team/approvals');
    await expect(h.store.run(rejectOps(batchId, u.charu!, ' ', h.deps.now()))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const rejected = await h.store.run(rejectOps(batchId, u.charu!, 'Row 2 account changed', h.deps.now()));
    expect(rejected).toMatchObject({ state: 'DRAFT', rejectedReason: 'Row 2 account changed', approvals: [] });
    // Resubmitted, the earlier approval does not count: two fresh ones are needed.
    const again = await submitBatchForApproval(h.deps, batchId, u.maya!);
    expect(again.contentHash).not.toBe(shown.contentHash);
    expect(again.approvals).toEqual([]);
    expect((await approveBatch(h.deps, batchId, u.chetan!, rupees(again.totalPaise))).state).toBe('AWAITING_APPROVAL');
    expect((await approveBatch(h.deps, batchId, u.charu!, rupees(again.totalPaise))).state).toBe('CONFIRMED');
  });

  it('approvals expire after the policy’s days; an admin’s policy edit is audited and a broken policy refused', async () => {
    const clock = manualClock();
    h = await createHarness({ engine: 'pg', clock });
    const u = await team(h, { maya: 'maker', chetan: 'checker', charu: 'checker', ada: 'admin' });
    await expect(
      h.store.run(
        setPolicyOps(
          { bands: [{ upToPaise: 100, approvals: 1 }], expiryDays: 3 },
          { by: 'ada', byId: u.ada!.id, at: h.deps.now() },
        ),
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await h.store.run(
      setPolicyOps(
        {
          bands: [
            { upToPaise: 1_000_00, approvals: 1 },
            { upToPaise: null, approvals: 2 },
          ],
          expiryDays: 3,
        },
        { by: 'ada', byId: u.ada!.id, at: h.deps.now() },
      ),
    );
    const policyAudit = await h.store.run(
      get<{ data: string }>(q`SELECT data FROM audit_log WHERE action = 'policy-edit'`),
    );
    expect(JSON.parse(policyAudit!.data)).toMatchObject({ by: 'ada', after: { expiryDays: 3 } });

    const rows = makeRows(4, 35); // more than ₹1,000 in all: two approvals under the new policy
    const batchId = await staged(h, rows, 'expiry.csv');
    const total = rupees(sumPaise(rows));
    await submitBatchForApproval(h.deps, batchId, u.maya!);
    await approveBatch(h.deps, batchId, u.chetan!, total);
    clock.advance(3 * 86_400_000 + 1);
    const late = await approveBatch(h.deps, batchId, u.charu!, total);
    expect(late).toMatchObject({ state: 'AWAITING_APPROVAL', required: 2 });
    expect(late.approvals.map((a) => a.user)).toEqual(['charu']);
    const renewed = await approveBatch(h.deps, batchId, u.chetan!, total);
    expect(renewed.state).toBe('CONFIRMED');
  });
});
