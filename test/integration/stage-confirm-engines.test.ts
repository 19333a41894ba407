import { afterEach, describe, expect, it } from 'vitest';
import type { MappedRow } from '../../src/shared/sheet/row-draft';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { all, q, run } from '../../src/main/db/store/ops';
import { confirmBatch } from '../../src/main/services/submission/confirm';
import { preflight } from '../../src/main/services/submission/preflight';
import { stageBatchOnStore } from '../../src/main/services/submission/stage';
import { ENGINES } from '../support/test-store';
import { createHarness, type Harness, makeRows, SHA, sumPaise } from './support/journal-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Rupees and paise as a person types them: "1234.05". */
const typed = (paise: number) => `${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, '0')}`;

/**
 * Five payees, row 7 repeating row 2 exactly (left out), row 8 a payee whose cached bank check holds another name
 * (held): the staging holds and findings must mean the same on both engines.
 */
function sheet(): { rows: MappedRow[]; payable: MappedRow[]; mismatch: MappedRow } {
  const payable = makeRows(5, 3);
  const mismatch: MappedRow = {
    row: 8,
    values: { name: 'Sunil Verma', accountNumber: '998877665544', ifsc: 'SBIN0000300', amount: '700', remark: 'Fees' },
  };
  return { rows: [...payable, { row: 7, values: { ...payable[0]!.values } }, mismatch], payable, mismatch };
}

type Snapshot = {
  batch: { state: string; rowCount: number; totalPaise: number }[];
  payouts: { rowNumber: number; state: string; amountPaise: number; chunked: number }[];
  audit: { entity: string; action: string; fromState: string | null; toState: string | null }[];
};

async function snapshot(hh: Harness): Promise<Snapshot> {
  return hh.store.run(
    (function* () {
      const batch = yield* all<Snapshot['batch'][number]>(
        q`SELECT state, row_count AS "rowCount", total_paise AS "totalPaise" FROM batches ORDER BY id`,
      );
      const payouts = yield* all<Snapshot['payouts'][number]>(
        q`SELECT row_number AS "rowNumber", state, amount_paise AS "amountPaise",
            CASE WHEN chunk_id IS NULL THEN 0 ELSE 1 END AS chunked
          FROM payouts ORDER BY row_number`,
      );
      const audit = yield* all<Snapshot['audit'][number]>(
        q`SELECT entity, action, from_state AS "fromState", to_state AS "toState" FROM audit_log ORDER BY id`,
      );
      return { batch, payouts, audit };
    })(),
  );
}

describe.each(ENGINES)('staging and confirming on %s', (engine) => {
  it('stages, refuses a wrong total without a change, confirms the typed total; repeats and mismatches held', async () => {
    h = await createHarness({ engine });
    const { rows, payable, mismatch } = sheet();
    await h.store.run(
      run(q`INSERT INTO payee_verifications (environment, account_number, ifsc, status, bank_name, penny_drop,
              verified_at, customer_request_id)
            VALUES ('sandbox', ${mismatch.values.accountNumber}, ${mismatch.values.ifsc}, 'verified',
              'KRISHNA TRADERS', 0, ${h.deps.now().toISOString()}, 'REQ1')`),
    );
    const total = sumPaise(payable);

    const staged = await stageBatchOnStore(h.deps, { fileName: 'dec.csv', sha256: SHA, kind: 'payouts', rows });
    expect(staged.batchId).not.toBeNull();
    expect(staged.counts).toMatchObject({
      rows: 7,
      staged: 5,
      totalPaise: total,
      leftOut: 1,
      leftOutPaise: sumPaise([payable[0]!]),
      held: 1,
      heldPaise: 700_00,
      blockedRows: 0,
    });
    expect(staged.issues.map((i) => [i.row, i.code])).toEqual([
      [7, 'duplicate_row'],
      [8, 'payee_mismatch_held'],
    ]);
    const afterStage = await snapshot(h);
    const draftRows = [
      ...payable.map((r) => ({ rowNumber: r.row, state: 'DRAFT', amountPaise: sumPaise([r]), chunked: 1 })),
      { rowNumber: 7, state: 'CANCELLED', amountPaise: sumPaise([payable[0]!]), chunked: 1 },
      { rowNumber: 8, state: 'CANCELLED', amountPaise: 700_00, chunked: 1 },
    ];
    expect(afterStage).toEqual({
      batch: [{ state: 'DRAFT', rowCount: 5, totalPaise: total }],
      payouts: draftRows,
      audit: [
        { entity: 'payout', action: 'leave_out_repeat', fromState: 'DRAFT', toState: 'CANCELLED' },
        { entity: 'payout', action: 'hold_mismatch', fromState: 'DRAFT', toState: 'CANCELLED' },
        { entity: 'batch', action: 'stage', fromState: null, toState: 'DRAFT' },
      ],
    });

    // One paisa off: refused before anything is written.
    await expect(confirmBatch(h.deps, staged.batchId!, typed(total + 1))).rejects.toThrow(/does not match/);
    expect(await snapshot(h)).toEqual(afterStage);

    const report = await confirmBatch(h.deps, staged.batchId!, typed(total));
    expect(report).toMatchObject({ blocks: [], rowCount: 5, totalPaise: total });
    expect(report.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['repeat_left_out', 'payee_mismatch_held']),
    );
    expect(await snapshot(h)).toEqual({
      batch: [{ state: 'CONFIRMED', rowCount: 5, totalPaise: total }],
      payouts: draftRows.map((r) => (r.state === 'DRAFT' ? { ...r, state: 'READY' } : r)),
      audit: [
        ...afterStage.audit,
        ...payable.map(() => ({ entity: 'payout', action: 'confirm', fromState: 'DRAFT', toState: 'READY' })),
        { entity: 'batch', action: 'confirm', fromState: 'DRAFT', toState: 'CONFIRMED' },
      ],
    });
    expect(await h.store.run(verifyAuditChainOps())).toMatchObject({ ok: true });

    // Confirming again is refused: the batch is no longer a draft.
    await expect(confirmBatch(h.deps, staged.batchId!, typed(total))).rejects.toThrow(/not a draft/);
  });

  it('blocks a re-import of a paid file and a transaction ID already in history, changing nothing', async () => {
    h = await createHarness({ engine });
    const first = makeRows(3, 5);
    first[1] = { ...first[1]!, values: { ...first[1]!.values, transactionId: 'SHEETOWN1' } };
    const a = await stageBatchOnStore(h.deps, { fileName: 'jan.csv', sha256: SHA, kind: 'payouts', rows: first });
    // The sheet's own id was kept, looked up at EnKash (not found there) and does not block.
    await confirmBatch(h.deps, a.batchId!, typed(sumPaise(first)));
    const ids = await h.store.run(all<{ id: string }>(q`SELECT transaction_id AS id FROM payouts ORDER BY row_number`));
    expect(ids[1]!.id).toBe('SHEETOWN1');

    const again = makeRows(2, 9);
    again[0] = { ...again[0]!, values: { ...again[0]!.values, transactionId: 'sheetown1' } };
    const b = await stageBatchOnStore(h.deps, { fileName: 'jan.csv', sha256: SHA, kind: 'payouts', rows: again });
    expect(b.counts.blockedRows).toBe(1);
    expect(b.issues.filter((i) => i.code === 'transaction_id_exists').map((i) => i.row)).toEqual([again[0]!.row]);
    const report = await preflight(h.deps, b.batchId!);
    expect(report.blocks.map((f) => f.code).sort()).toEqual(['same_file_paid', 'transaction_id_exists']);
    expect(report.blocks.find((f) => f.code === 'transaction_id_exists')!.rows[0]!.links![0]).toMatchObject({
      batchId: a.batchId,
      transactionId: 'SHEETOWN1',
      state: 'READY',
    });

    const before = await snapshot(h);
    await expect(confirmBatch(h.deps, b.batchId!, typed(sumPaise(again)))).rejects.toThrow(/Pre-flight found 2/);
    expect(await snapshot(h)).toEqual(before);
    expect(before.batch.map((x) => x.state)).toEqual(['CONFIRMED', 'DRAFT']);
  });
});
