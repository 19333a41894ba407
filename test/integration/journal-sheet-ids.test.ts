import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/domain/errors';
import { getBatchRowOps } from '../../src/main/db/repos/batches-repo';
import { payoutsOfBatchOps } from '../../src/main/db/repos/payouts-repo';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { preflight } from '../../src/main/services/submission/preflight';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, makeRows, rupees, shaOf, sumPaise } from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Rows whose Transaction ID column the sheet filled in. */
function withIds(ids: string[]) {
  return makeRows(ids.length, 7).map((r, i) => ({ ...r, values: { ...r.values, transactionId: ids[i]! } }));
}

describe.each(ENGINES)(
  'issue 9 point 3: an id the sheet supplied is looked up at EnKash at pre-flight (%s)',
  (engine) => {
    it('blocks a row whose id EnKash already holds for another payee and amount, saying which payout', async () => {
      h = await createHarness({ engine });
      const { client } = await h.deps.session();
      // Someone else (another desk, the portal) already used SHEETID0001 for ₹777.00 to a different account.
      await client.createPayout({
        transactionId: 'SHEETID0001',
        amountPaise: 77_700,
        mode: 'IMPS',
        beneficiary: { name: 'Someone Else', accountNumber: '999988887777', ifsc: 'ICIC0000001' },
      });
      const rows = withIds(['SHEETID0001', 'SHEETID0002', 'SHEETID0003']);
      const { batchId } = await stageBatchOnStore(h.deps, {
        fileName: 's.csv',
        sha256: shaOf('s'),
        kind: 'payouts',
        rows,
      });
      const report = await preflight(h.deps, batchId!);
      const block = report.blocks.find((b) => b.code === 'transaction_id_at_enkash');
      expect(block?.count).toBe(1);
      expect(block?.rows[0]).toMatchObject({ rowNumber: rows[0]!.row, transactionId: 'SHEETID0001' });
      expect(block?.rows[0]?.detail).toContain('₹777.00');
      expect(block?.rows[0]?.detail).toContain('IMPS');
      expect(block?.rows[0]?.detail).toMatch(/IST/);
      expect(report.warnings.map((w) => w.code)).not.toContain('transaction_id_unchecked');

      const err = await confirmBatch(h.deps, batchId!, rupees(sumPaise(rows))).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((await h.store.run(getBatchRowOps(batchId!)))?.state).toBe('DRAFT');
      expect((await h.store.run(payoutsOfBatchOps(batchId!))).every((p) => p.state === 'DRAFT')).toBe(true);
    });

    it('minted ids are not looked up, and a failed lookup is a warning, not a block', async () => {
      h = await createHarness({ engine });
      const minted = await stageBatchOnStore(h.deps, {
        fileName: 'm.csv',
        sha256: shaOf('m'),
        kind: 'payouts',
        rows: makeRows(3),
      });
      const { client } = await h.deps.session();
      let searches = 0;
      const original = client.searchPayouts.bind(client);
      client.searchPayouts = async (input) => {
        searches++;
        return original(input);
      };
      await preflight(h.deps, minted.batchId!);
      expect(searches).toBe(0);

      const rows = withIds(['SHEETID0009']);
      const { batchId } = await stageBatchOnStore(h.deps, {
        fileName: 'n.csv',
        sha256: shaOf('n'),
        kind: 'payouts',
        rows,
      });
      client.searchPayouts = async () => {
        throw new AppError('enkash_unavailable', 'EnKash could not be reached.');
      };
      const report = await preflight(h.deps, batchId!);
      expect(report.blocks.map((b) => b.code)).not.toContain('transaction_id_at_enkash');
      expect(report.warnings.find((w) => w.code === 'transaction_id_unchecked')?.rows[0]?.transactionId).toBe(
        'SHEETID0009',
      );
    });
  },
);
