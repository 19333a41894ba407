import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { istDateOf } from '../../../shared/domain/ist';
import { AppError } from '../../../shared/domain/errors';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import { get, q } from '../../db/store/ops';
import type { Store } from '../../db/store/store';
import { saveRequest, type OpenRequest, type SaveDesk, type SaveResult } from '../exports/save-desk';
import { getPayerOps, setPayerOps } from './advice-pdf';
import { writeAdviceZip, type AdviceZipResult } from './advice-zip';
import { writeAuditPackOn, type AuditPackResult } from './audit-pack';
import { exportTallyOn, tallyVouchersOps, type TallyExportResult, type TallyExportScope } from './tally-export';
import { ledgerNamesFromTallyList } from './tally-ledger-list';
import { getBankLedgerOps, parsePartyLedgersCsv, rememberPartyLedgersOps, setBankLedgerOps } from './tally-ledgers';

/**
 * The accountant's exports as the app runs them: the files to read come from the open dialog and the file to
 * write from the save dialog (both main's own, through the save desk). Everything the user could still cancel
 * comes first, so a cancelled dialog writes nothing and remembers nothing; what they named is remembered only
 * once the file is being written. They run on the context's store: the desk's SQLite file, or PostgreSQL.
 */

export type DeskClock = { now: () => Date };

// A party mapping or a List of Accounts is a few MB at most; a bigger file is a wrong pick, not worth reading.
const MAX_READ_BYTES = 50 * 1024 * 1024;

const PARTY_LEDGERS: OpenRequest = {
  title: 'Payee → Tally ledger mapping (CSV)',
  filters: [{ name: 'CSV (payee, ledger)', extensions: ['csv'] }],
};
const LEDGER_LIST: OpenRequest = {
  title: 'Tally "List of Accounts" export (XML or Excel)',
  filters: [{ name: 'Tally List of Accounts', extensions: ['xml', 'xlsx'] }],
};

async function readChosen(desk: SaveDesk, request: OpenRequest): Promise<{ bytes: Buffer; name: string } | null> {
  const path = await desk.open(request);
  if (!path) return null;
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new AppError('not_found', `${basename(path)} is not a file that can be read.`);
  if (info.size > MAX_READ_BYTES)
    throw new AppError('invalid_input', `${basename(path)} is too large to be that file.`);
  return { bytes: await readFile(path), name: basename(path) };
}

async function requireBatch(store: Store, batchId: number): Promise<void> {
  if (!(await store.run(getBatchRowOps(batchId)))) throw new AppError('not_found', 'No such batch.', { batchId });
}

export type TallyDeskInput = {
  scope: { kind: 'batch'; batchId: number } | { kind: 'all' };
  bankLedger?: string;
  company?: string;
  partyLedgers: boolean;
  ledgerList: boolean;
};

export async function saveTallyFile(
  store: Store,
  desk: SaveDesk,
  clock: DeskClock,
  input: TallyDeskInput,
): Promise<SaveResult<TallyExportResult>> {
  const bankLedger = input.bankLedger?.trim() || (await store.run(getBankLedgerOps()));
  if (!bankLedger) {
    throw new AppError('invalid_input', 'Name the Tally bank ledger the payouts are paid from (asked once).', {
      field: 'bankLedger',
    });
  }
  const scope: TallyExportScope = input.scope.kind === 'batch' ? { batchId: input.scope.batchId } : { all: true };
  // Nothing paid: say so before any dialog opens.
  if (!(await store.run(tallyVouchersOps(scope, bankLedger))).length)
    throw new AppError('not_found', 'No paid payouts to export for Tally.');
  let mappings: ReturnType<typeof parsePartyLedgersCsv> | null = null;
  if (input.partyLedgers) {
    const file = await readChosen(desk, PARTY_LEDGERS);
    if (!file) return { status: 'cancelled' };
    mappings = parsePartyLedgersCsv(file.bytes.toString('utf8'));
  }
  let knownLedgers: Set<string> | undefined;
  if (input.ledgerList) {
    const file = await readChosen(desk, LEDGER_LIST);
    if (!file) return { status: 'cancelled' };
    knownLedgers = await ledgerNamesFromTallyList(file.bytes, file.name);
  }
  const day = istDateOf(clock.now());
  const stem = 'batchId' in scope ? `tally-batch-${scope.batchId}-${day}` : `tally-all-${day}`;
  return desk.save(saveRequest(stem, 'xml'), async (path) => {
    const now = clock.now();
    if (input.bankLedger) await store.run(setBankLedgerOps(bankLedger, now));
    if (mappings) await store.run(rememberPartyLedgersOps(mappings, now));
    return exportTallyOn(store, scope, { path, bankLedger, company: input.company, knownLedgers });
  });
}

export async function saveAdviceZip(
  store: Store,
  desk: SaveDesk,
  opts: DeskClock & { fontDir: string },
  input: { batchId: number; payer?: string },
): Promise<SaveResult<AdviceZipResult>> {
  await requireBatch(store, input.batchId);
  // Remembered once given, as the CLI's --payer is: it is a setting, not part of this one file.
  if (input.payer) await store.run(setPayerOps(input.payer, opts.now()));
  const payer = await store.run(getPayerOps());
  if (!payer)
    throw new AppError('invalid_input', 'Name the payer printed on the advices (asked once).', { field: 'payer' });
  const paid = await store.run(
    get<{ n: number }>(q`SELECT count(*) AS n FROM payouts WHERE batch_id = ${input.batchId} AND state = 'SUCCESS'`),
  );
  if (!paid?.n) throw new AppError('not_found', 'No paid payouts in this batch.');
  const stem = `payment-advice-batch-${input.batchId}-${istDateOf(opts.now())}`;
  return desk.save(saveRequest(stem, 'zip'), (path) =>
    writeAdviceZip(store, input.batchId, { path, payer, fontDir: opts.fontDir }),
  );
}

export async function saveAuditPackZip(
  store: Store,
  desk: SaveDesk,
  clock: DeskClock,
  input: { batchId: number },
): Promise<SaveResult<AuditPackResult>> {
  await requireBatch(store, input.batchId);
  const stem = `audit-pack-batch-${input.batchId}-${istDateOf(clock.now())}`;
  return desk.save(saveRequest(stem, 'zip'), (path) => writeAuditPackOn(store, input.batchId, { path }));
}
