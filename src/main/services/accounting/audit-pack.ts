import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { AppError } from '../../../shared/domain/errors';
import { PAID_STATES } from '../../../shared/domain/payout-states';
import type { Db } from '../../db/open';
import { getBatchRow } from '../../db/repos/batches-repo';
import { sqlInList } from '../../db/sql-in';
import { withPrivateTempDir, writeAtomically } from '../exports/atomic-file';
import { exportBatch } from '../exports/jobs';
import { AUDIT_COLUMNS, type AuditEntryView, verifyChain } from '../history/audit-viewer';
import { getBankLedger } from './tally-ledgers';
import { exportTally } from './tally-export';

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

// Entries of the batch itself, of its chunks and of its payouts (payout and chunk entries name the batch or chunk
// id in their data; batch entries by entity id).
const SLICE_SQL = `SELECT ${AUDIT_COLUMNS}
  FROM audit_log
  WHERE (entity = 'batch' AND entity_id = @id)
     OR (entity = 'payout' AND json_extract(data, '$.batchId') = @batchId)
     OR (entity = 'chunk' AND json_extract(data, '$.chunkId') IN (SELECT id FROM chunks WHERE batch_id = @batchId))
  ORDER BY id`;

export type AuditPackResult = { path: string; entries: string[]; chainOk: boolean; tally: boolean };

export async function writeAuditPack(db: Db, batchId: number, opts: { path: string }): Promise<AuditPackResult> {
  const batch = getBatchRow(db, batchId);
  if (!batch) throw new AppError('not_found', 'No such batch.', { batchId });
  // The parts are assembled in a private 0700 folder (they hold account numbers) that is always deleted.
  return withPrivateTempDir('audit-pack-', async (work) => {
    const files: Record<string, Uint8Array> = {};
    await exportBatch(db, batchId, { format: 'xlsx', path: join(work, 'batch.xlsx') });
    files['batch.xlsx'] = await readFile(join(work, 'batch.xlsx'));

    const slice = db.prepare(SLICE_SQL).all({ id: String(batchId), batchId }) as AuditEntryView[];
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
    const chain = verifyChain(db);
    files['audit-chain.json'] = strToU8(JSON.stringify(chain, null, 2));
    files['payee-verification.txt'] = strToU8(
      'No payee verification results are stored for this batch (bank account verification is not in use yet).\n',
    );
    let tally = false;
    const paid = db
      .prepare(`SELECT count(*) AS n FROM payouts WHERE batch_id = ? AND state IN (${sqlInList(PAID_STATES)})`)
      .get(batchId) as { n: number };
    if (getBankLedger(db) && paid.n > 0) {
      await exportTally(db, { batchId }, { path: join(work, 'tally.xml') });
      files['tally.xml'] = await readFile(join(work, 'tally.xml'));
      tally = true;
    } else {
      files['tally.txt'] = strToU8(
        paid.n
          ? 'No Tally file: name the bank ledger once ("Export for Tally" in the app, or the CLI\'s `export --format tally --bank-ledger NAME`).\n'
          : 'No paid payouts, so no Tally vouchers.\n',
      );
    }
    const zip = zipSync(files, { level: 6 });
    await writeAtomically(opts.path, (temp) => writeFile(temp, zip, { flag: 'wx' }));
    return { path: opts.path, entries: Object.keys(files), chainOk: chain.ok, tally };
  });
}
