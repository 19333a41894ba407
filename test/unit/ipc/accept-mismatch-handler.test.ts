import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordBankCheck, recordVerificationRequest } from '../../../src/main/db/repos/payee-verifications-repo';
import { payoutsOfBatch } from '../../../src/main/db/repos/payouts-repo';
import { stageBatch } from '../../../src/main/services/submission/stage';
import { createTestApp, TEST_SENDER, type TestApp } from '../../support/test-app';

/** batches:accept-mismatch (issue 12 point 4): the contract validates the reason, main audits who accepted. */
describe('batches:accept-mismatch over IPC', () => {
  let app: TestApp;
  let batchId: number;
  let heldId: number;
  beforeEach(async () => {
    app = await createTestApp();
    const { deps } = app.services;
    const at = deps.now().toISOString();
    const request = {
      environment: deps.environment(),
      accountNumber: '50100012345678',
      ifsc: 'HDFC0000240',
      customerRequestId: 'IPCSEED1',
      pennyDrop: false,
      requestedAt: at,
    };
    recordVerificationRequest(deps.db, request);
    recordBankCheck(
      deps.db,
      request,
      { status: 'verified', bankName: 'MEENA IYER', rawStatus: null, enkashUniqueId: null, utr: null },
      at,
    );
    const staged = stageBatch(deps, {
      fileName: 'dec.csv',
      sha256: 'b'.repeat(64),
      kind: 'payouts',
      rows: [
        { row: 2, values: { name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'SBIN0000300', amount: '450' } },
        {
          row: 3,
          values: { name: 'Priya Sharma', accountNumber: '50100012345678', ifsc: 'HDFC0000240', amount: '520' },
        },
      ],
    });
    expect(staged.counts.held).toBe(1);
    batchId = staged.batchId!;
    heldId = payoutsOfBatch(deps.db, batchId).find((r) => r.rowNumber === 3)!.id;
  });
  afterEach(() => app.cleanup());

  it.each([
    ['a reason under 3 characters once trimmed', { reason: ' ok ' }],
    ['no reason', {}],
    ['no rows', { payoutIds: [], reason: 'checked with the payee' }],
  ])('refuses %s and accepts nothing', async (_label, extra) => {
    const reply = await app.dispatch(
      'batches:accept-mismatch',
      { batchId, payoutIds: [heldId], ...extra },
      TEST_SENDER,
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('invalid_input');
    expect(payoutsOfBatch(app.ctx.db, batchId, { states: ['DRAFT'] })).toHaveLength(1);
  });

  it('puts the held row back, audited with the trimmed reason and the desk account', async () => {
    const reply = await app.dispatch(
      'batches:accept-mismatch',
      { batchId, payoutIds: [heldId], reason: '  Checked with the payee  ' },
      TEST_SENDER,
    );
    expect(reply).toEqual({ ok: true, value: { rowCount: 2, totalPaise: 97_000, accepted: 1, refused: [] } });
    const audit = app.ctx.db.prepare("SELECT data FROM audit_log WHERE action = 'accept_mismatch'").get() as {
      data: string;
    };
    expect(JSON.parse(audit.data)).toMatchObject({ reason: 'Checked with the payee', rowNumber: 3 });
    expect(JSON.parse(audit.data).actor).toMatch(/^desk/);
  });
});
