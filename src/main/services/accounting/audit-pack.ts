import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { sql } from 'kysely';
import { AppError } from '../../../shared/domain/errors';
import { PAID_STATES } from '../../../shared/domain/payout-states';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import { sqlInList } from '../../db/sql-in';
import { all, engine, get, q, type Ops } from '../../db/store/ops';
import type { Store } from '../../db/store/store';
import { withPrivateTempDir, writeAtomically } from '../exports/atomic-file';
import { exportBatchOn } from '../exports/jobs';
import { AUDIT_COLUMNS, type AuditEntryView, verifyChainOps } from '../history/audit-viewer';
import { getBankLedgerOps } from './tally-ledgers';
import { exportTallyOn } from './tally-export';

/**
 * The auditor pack of one batch, one ZIP: the batch export (XLSX), the confirmation (the typed total that had
 * to match, and when), the audit-log slice of the batch with the result of verifying the whole hash chain,
 * payee verification results (a note until that feature stores any), and the Tally import file.
 */

export const AUDIT_PACK_ENTRIES = [
  'batch.xlsx',
  'confirmation.json',
  'audit-log.json',
  'audit-chain.json',
  'payee-verification.txt',
  'tally.xml',
] as const;

/**
 * Entries of the batch itself, of its chunks and of its payouts (payout and chunk entries name the batch or chunk
 * id in their data; batch entries by entity id). The data is JSON text on both engines: SQLite reads it with
 * json_extract, PostgreSQL as jsonb, a JSON number matching the id either way.
 */
function* sliceOps(batchId: number): Ops<AuditEntryView[]> {
  const columns = sql.raw(AUDIT_COLUMNS);
  if ((yield* engine()) === 'sqlite') {
    return yield* all<AuditEntryView>(q`SELECT ${columns}
      FROM audit_log
      WHERE (entity = 'batch' AND entity_id = ${String(batchId)})
         OR (entity = 'payout' AND json_extract(data, '$.batchId') = ${batchId})
         OR (entity = 'chunk' AND json_extract(data, '$.chunkId') IN (SELECT id FROM chunks WHERE batch_id = ${batchId}))
      ORDER BY id`);
  }
  return yield* all<AuditEntryView>(q`SELECT ${columns}
    FROM audit_log
    WHERE (entity = 'batch' AND entity_id = ${String(batchId)})
       OR (entity = 'payout' AND data::jsonb -> 'batchId' = to_jsonb(${batchId}::bigint))
       OR (entity = 'chunk' AND data::jsonb -> 'chunkId' IN (SELECT to_jsonb(id) FROM chunks WHERE batch_id = ${batchId}))
    ORDER BY id`);
}

export type AuditPackResult = { path: string; entries: string[]; chainOk: boolean; tally: boolean };

/** The auditor pack of one batch, on either engine. */
export async function writeAuditPackOn(
  store: Store,
  batchId: number,
  opts: { path: string },
): Promise<AuditPackResult> {
  const batch = await store.run(getBatchRowOps(batchId));
  if (!batch) throw new AppError('not_found', 'No such batch.', { batchId });
  // The parts are assembled in a private 0700 folder (they hold account numbers) that is always deleted.
  return withPrivateTempDir('audit-pack-', async (work) => {
    const files: Record<string, Uint8Array> = {};
    await exportBatchOn(store, batchId, { format: 'xlsx', path: join(work, 'batch.xlsx') });
    files['batch.xlsx'] = await readFile(join(work, 'batch.xlsx'));

    const slice = await store.run(sliceOps(batchId));
    const confirm = slice.find((e) => e.entity === 'batch' && e.action === 'confirm');
    files['confirmation.json'] = strToU8(
      JSON.stringify(
        {
          batchId,
          name: batch.name,
          environment: batch.environment,
          state: batch.state,
          confirmedAt: confirm?.at ?? null,
          // The desk has no sign-in (team mode will name the user and the approvals); the desk user confirmed.
          confirmedBy: confirm ? 'the desk user (no sign-in in desk mode)' : null,
          // Confirmation refuses unless the typed total equals the batch total to the paisa, so this is it.
          typedTotalPaise: confirm ? ((JSON.parse(confirm.data) as { totalPaise?: number }).totalPaise ?? null) : null,
          approvals: [],
        },
        null,
        2,
      ),
    );
    files['audit-log.json'] = strToU8(JSON.stringify(slice, null, 2));
    const chain = await store.run(verifyChainOps());
    files['audit-chain.json'] = strToU8(JSON.stringify(chain, null, 2));
    files['payee-verification.txt'] = strToU8(
      'No payee verification results are stored for this batch (bank account verification is not in use yet).\n',
    );
    let tally = false;
    const { paid, bankLedger } = await store.run(
      (function* () {
        const row = yield* get<{ n: number }>(
          q`SELECT count(*) AS n FROM payouts WHERE batch_id = ${batchId} AND state IN (${sql.raw(sqlInList(PAID_STATES))})`,
        );
        return { paid: Number(row?.n ?? 0), bankLedger: yield* getBankLedgerOps() };
      })(),
    );
    if (bankLedger && paid > 0) {
      await exportTallyOn(store, { batchId }, { path: join(work, 'tally.xml') });
      files['tally.xml'] = await readFile(join(work, 'tally.xml'));
      tally = true;
    } else {
      files['tally.txt'] = strToU8(
        paid
          ? 'No Tally file: name the bank ledger once ("Export for Tally" in the app, or the CLI\'s `export --format tally --bank-ledger NAME`).\n'
          : 'No paid payouts, so no Tally vouchers.\n',
      );
    }
    const zip = zipSync(files, { level: 6 });
    await writeAtomically(opts.path, (temp) => writeFile(temp, zip, { flag: 'wx' }));
    return { path: opts.path, entries: Object.keys(files), chainOk: chain.ok, tally };
  });
}
