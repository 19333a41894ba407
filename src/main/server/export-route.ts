import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppError, isAppError } from '../../shared/domain/errors';
import { historyFiltersSchema, sortSchema } from '../../shared/ipc/contracts/history';
import type { Store } from '../db/store/store';
import type { Logger } from '../log';
import { getBankLedgerOps } from '../services/accounting/tally-ledgers';
import { tallyVouchersOps } from '../services/accounting/tally-export';
import type { TallyVoucher } from '../services/accounting/tally-xml';
import { batchExportSource, type ExportSource, historyExportSource, reconExportSource } from '../services/exports/jobs';
import { encodeRows, type ExportHead, type ExportLine } from '../services/exports/export-wire';
import { authorise } from '../services/team/roles';
import type { SessionUser } from '../services/team/sessions';

/**
 * Exports for a Desk Server's CLIs and desks (issue 14 point 5, `export --server`): the server reads the team's
 * journal and streams the export's cells; the file is written on the client by the same writers as a local export
 * (services/exports). The server never writes a file. Accounts are always masked here, as in the served history:
 * a whole account number does not leave the server.
 *
 * The wire is NDJSON so a million-row export never sits whole in either process: a head line `{ kind, sheetName,
 * total }`, then `{ rows }` lines, then `{ end: { footer, totalPaise } }`. A failure after the head is sent comes as
 * an `{ error }` line; a stream without `end` was cut short, and the client says so rather than keep a short file.
 */
const id = z.number().int().positive();

export const exportBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('batch'), batchId: id }),
  z.object({
    kind: z.literal('history'),
    filters: historyFiltersSchema.extend({ amountPaise: z.number().int().min(0).optional() }),
    sort: sortSchema.optional(),
  }),
  z.object({ kind: z.literal('recon'), runId: id }),
]);

/** One line, waiting while the client's socket is full; a closed socket ends the wait too (never a hang). */
async function writeLine(res: ServerResponse, value: unknown): Promise<void> {
  if (res.write(`${JSON.stringify(value)}\n`) || res.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function streamExport(
  store: Store,
  log: Logger,
  user: SessionUser,
  res: ServerResponse,
  body: z.output<typeof exportBody>,
): Promise<undefined> {
  authorise(user, 'export');
  const opts = { fullAccount: false };
  // Built before the head is sent, so an unknown batch or run is a plain HTTP error.
  const source: ExportSource =
    body.kind === 'batch'
      ? await batchExportSource(store, body.batchId, opts)
      : body.kind === 'recon'
        ? await reconExportSource(store, body.runId, opts)
        : await historyExportSource(store, { filters: body.filters, sort: body.sort }, opts);
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
  const head: ExportHead = {
    kind: body.kind === 'recon' ? 'recon' : 'payouts',
    sheetName: source.sheet.sheetName ?? '',
    total: source.total,
  };
  await writeLine(res, head);
  try {
    for await (const rows of source.chunks) {
      // The client went away: stop reading the journal for nobody.
      if (res.destroyed) return undefined;
      await writeLine(res, { rows: encodeRows(rows) } satisfies ExportLine);
    }
    const end = { footer: encodeRows(source.footer()), totalPaise: source.totalPaise() };
    await writeLine(res, { end } satisfies ExportLine);
  } catch (error) {
    const shape = isAppError(error)
      ? error.toShape()
      : { code: 'internal', message: 'The server could not finish the export; see its log.' };
    if (!isAppError(error)) log.error('server.export_failed', { kind: body.kind, error: String(error) });
    await writeLine(res, { error: shape } satisfies ExportLine).catch(() => undefined);
  }
  res.end();
  return undefined;
}

export const tallyBody = z.object({
  scope: z.union([z.object({ batchId: id }), z.object({ all: z.literal(true) })]),
  bankLedger: z.string().trim().min(1).max(200).optional(),
});

/**
 * The Tally vouchers of the team's paid payouts, with the ledgers remembered in the team's database; the client
 * builds and writes the import file (services/accounting/tally-file.ts).
 */
export async function tallyVouchers(
  store: Store,
  user: SessionUser,
  body: z.output<typeof tallyBody>,
): Promise<{ vouchers: TallyVoucher[] }> {
  authorise(user, 'export');
  const vouchers = await store.run(
    (function* () {
      const bankLedger = body.bankLedger || (yield* getBankLedgerOps());
      if (!bankLedger) {
        throw new AppError(
          'invalid_input',
          'The team has no Tally bank ledger remembered: pass --bank-ledger NAME for this export.',
          { field: 'bankLedger' },
        );
      }
      return yield* tallyVouchersOps(body.scope, bankLedger);
    })(),
  );
  if (!vouchers.length) throw new AppError('not_found', 'No paid payouts to export for Tally.');
  return { vouchers };
}
