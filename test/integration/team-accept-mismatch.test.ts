import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  recordBankCheckOps,
  recordVerificationRequestOps,
} from '../../src/main/db/repos/payee-verification-writes-repo';
import { all, get, q, run } from '../../src/main/db/store/ops';
import { setRoleOps } from '../../src/main/services/team/users';
import type { MappedRow } from '../../src/shared/sheet/row-draft';
import { startTeamServer, teamClient, type TeamServer } from '../support/team-server';
import { rupees, shaOf } from './support/journal-harness';

/**
 * Issue 14 point 3 on a held payee: staging on a Desk Server holds a row whose bank account belongs to someone else
 * (the team's verification cache says so). A second maker accepting that mismatch changes what the checkers
 * approve: the approval given so far is dropped, the accepter becomes an author (refused as an approver even after
 * becoming a checker, also by a hand-written INSERT), and the batch is sent only after fresh approvals of the new
 * total — the accepted row paid once.
 */

const PASSWORD = 'accept mismatch pass phrase';
let team: TeamServer;

beforeAll(async () => {
  team = await startTeamServer({
    seed: 41,
    users: { maya: 'maker', mohan: 'maker', chetan: 'checker', cathy: 'checker' },
    password: PASSWORD,
  });
}, 60_000);

afterAll(async () => {
  expect(await team.stop()).toBe(0);
});

const { api, as, forget } = teamClient(() => team.url, PASSWORD);

const row = (n: number, values: MappedRow['values']): MappedRow => ({ row: n, values });
// Row 3's account belongs to MEENA IYER at the bank: a mismatch, held at staging.
const ROWS: MappedRow[] = [
  row(2, { name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'SBIN0000300', amount: '300000', remark: 'Dec' }),
  row(3, { name: 'Priya Sharma', accountNumber: '50100012345678', ifsc: 'HDFC0000240', amount: '260000.50' }),
  row(4, { name: 'Arjun Reddy', accountNumber: '300012345678', ifsc: 'HDFC0000001', amount: '250000', remark: 'Dec' }),
];
const PAYABLE = 550_000_00;
const WITH_PRIYA = PAYABLE + 260_000_50;

async function seedCheck(accountNumber: string, ifsc: string, bankName: string): Promise<void> {
  const at = new Date().toISOString();
  const request = {
    environment: 'sandbox',
    accountNumber,
    ifsc,
    customerRequestId: `SEED${accountNumber}`,
    pennyDrop: false,
    requestedAt: at,
  };
  await team.store.run(recordVerificationRequestOps(request));
  await team.store.run(
    recordBankCheckOps(request, { status: 'verified', bankName, rawStatus: null, enkashUniqueId: null, utr: null }, at),
  );
}

const approvalOf = async (batchId: number) =>
  (await api('GET', `/api/batches/${batchId}/approval`, await as('chetan'))).json as {
    state: string;
    totalPaise: number;
    approvals: { user: string }[];
  };

describe('accepting a held mismatch on a Desk Server', () => {
  it('drops the approvals, makes the accepter an author, and sends only after fresh approvals', async () => {
    await seedCheck('123456789012', 'SBIN0000300', 'RAVI KUMAR');
    await seedCheck('50100012345678', 'HDFC0000240', 'MEENA IYER');
    const staged = await api('POST', '/api/batches', await as('maya'), {
      fileName: 'dec.csv',
      sha256: shaOf('dec.csv'),
      rows: ROWS,
    });
    expect(staged.status, JSON.stringify(staged.json)).toBe(200);
    expect(staged.json).toMatchObject({ counts: { held: 1 }, approval: { state: 'AWAITING_APPROVAL' } });
    const batchId = staged.json.batchId as number;
    expect(await approvalOf(batchId)).toMatchObject({ totalPaise: PAYABLE, approvals: [] });

    // Above ₹5,00,000 the policy wants two checkers: the first one's approval does not confirm.
    expect(
      (await api('POST', `/api/batches/${batchId}/approve`, await as('chetan'), { total: rupees(PAYABLE) })).status,
    ).toBe(200);
    expect((await approvalOf(batchId)).approvals.map((a) => a.user)).toEqual(['chetan']);

    const held = await team.store.run(
      get<{ id: number; state: string }>(
        q`SELECT id, state FROM payouts WHERE batch_id = ${batchId} AND row_number = 3 ORDER BY id LIMIT 1`,
      ),
    );
    expect(held!.state).toBe('CANCELLED');
    const accepted = await api('POST', '/ipc/acceptMismatch', await as('mohan'), {
      batchId,
      payoutIds: [held!.id],
      reason: 'Meena Iyer is Priya Sharma after marriage; confirmed by phone.',
    });
    expect(accepted.json, JSON.stringify(accepted.json)).toMatchObject({ ok: true });

    // New content: a new total, and nobody's approval of the old one counts.
    const after = await approvalOf(batchId);
    expect(after).toMatchObject({ state: 'AWAITING_APPROVAL', totalPaise: WITH_PRIYA, approvals: [] });
    expect(
      (await api('POST', `/api/batches/${batchId}/approve`, await as('cathy'), { total: rupees(PAYABLE) })).status,
    ).toBe(400);

    // The accepter changed the batch: even as a checker, and even by hand in SQL, mohan may not approve it.
    await team.store.run(setRoleOps('mohan', 'checker', { by: 'test', at: new Date() }));
    forget('mohan');
    const bySelf = await api('POST', `/api/batches/${batchId}/approve`, await as('mohan'), {
      total: rupees(WITH_PRIYA),
    });
    expect(bySelf.status).toBe(403);
    await expect(
      team.store.run(
        run(
          q`INSERT INTO batch_approvals (batch_id, user_id, content_hash, typed_total_paise, approved_at, expires_at)
            SELECT b.id, u.id, b.content_hash, b.total_paise, ${new Date().toISOString()}, '2099-01-01T00:00:00.000Z'
            FROM batches b, team_users u WHERE b.id = ${batchId} AND u.name = 'mohan'`,
        ),
      ),
    ).rejects.toThrow(/self_approval/);

    expect(
      (await api('POST', `/api/batches/${batchId}/approve`, await as('chetan'), { total: rupees(WITH_PRIYA) })).status,
    ).toBe(200);
    expect(
      (await api('POST', `/api/batches/${batchId}/approve`, await as('cathy'), { total: rupees(WITH_PRIYA) })).status,
    ).toBe(200);

    const deadline = Date.now() + 45_000;
    let rows: { state: string; transactionId: string; amountPaise: number }[] = [];
    while (Date.now() < deadline) {
      rows = await team.store.run(
        all<{ state: string; transactionId: string; amountPaise: number }>(
          q`SELECT state, transaction_id AS transactionId, amount_paise AS amountPaise FROM payouts
            WHERE batch_id = ${batchId} AND state <> 'CANCELLED' ORDER BY row_number`,
        ),
      );
      if (rows.length === 3 && rows.every((r) => !['DRAFT', 'READY', 'SENDING', 'UNKNOWN'].includes(r.state))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(rows.map((r) => r.amountPaise)).toEqual([300_000_00, 260_000_50, 250_000_00]);
    for (const r of rows) expect(team.sandbox.paidCount(r.transactionId)).toBe(1);
  }, 90_000);
});
