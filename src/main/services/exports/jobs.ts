import type { TableFormat } from '../../../shared/domain/file-types';
import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { getBatchRowOps } from '../../db/repos/batches-repo';
import { sqliteStore, type Store } from '../../db/store/store';
import { totalPayoutsOps } from '../history/search';
import { DEFAULT_SORT, type HistoryFilters, type HistorySort } from '../history/types';
import {
  countShownReconLinesOps,
  getReconciliationOps,
  listReconIssuesOps,
  listReconLinesOps,
} from '../statement-recon/read';
import { AMOUNT_COLUMN, AMOUNT_FIELD, ExportTotals, PAYOUT_COLUMNS, payoutCells, STATE_FIELD } from './payout-columns';
import { issueCells, lineCells, RECON_COLUMNS, reconFooter } from './recon-columns';
import { writeCsv, type Row, type StreamSheet } from './csv-writer';
import { writeXlsx } from './xlsx-writer';
import { payoutPages } from './payout-pages';

/**
 * Export jobs: a batch, a filtered history view, or a stored reconciliation → CSV (UTF-8 with BOM) or XLSX,
 * streamed page by page from the journal's database (an export of a million rows never holds them all in memory),
 * with progress and cancellation. Every export runs on either engine (`…On(store, …)`); the `(db, …)` forms are
 * the same on the desk's SQLite connection. Account numbers are masked unless the user ticked "full account numbers".
 */

export type ExportFormat = TableFormat;

export type ExportProgress = { written: number; total: number };

export type ExportOptions = {
  format: ExportFormat;
  /**
   * Where to write (the path the user chose in the save dialog, or the CLI's --out): streamed into a temp file
   * in the same folder and renamed, so the file appears under this name only when complete.
   */
  path: string;
  /** Whole account numbers instead of `********9012`. */
  fullAccount?: boolean;
  /** Cancels the export (AppError 'cancelled'); nothing is left on disk. */
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** Rows per page read from SQLite (default 2000). */
  pageSize?: number;
};

export type ExportResult = { path: string; format: ExportFormat; rows: number; totalPaise: number };

function checkOptions(opts: ExportOptions): void {
  if (opts.format !== 'csv' && opts.format !== 'xlsx') {
    throw new AppError('invalid_input', 'Export as csv or xlsx.', { field: 'format' });
  }
  if (!opts.path || opts.path.endsWith('/') || opts.path.endsWith('\\')) {
    throw new AppError('invalid_input', 'Choose a file to export to.', { field: 'path' });
  }
}

/** Lets the event loop (IPC, the journal's timers) run between pages of a long export. */
const breathe = () => new Promise((resolve) => setImmediate(resolve));

async function write(
  sheet: StreamSheet,
  chunks: AsyncIterable<readonly Row[]>,
  footer: () => Row[],
  total: number,
  opts: ExportOptions,
): Promise<number> {
  opts.onProgress?.({ written: 0, total });
  const stream = {
    signal: opts.signal,
    footer,
    onRows: (written: number) => opts.onProgress?.({ written, total: Math.max(total, written) }),
  };
  return opts.format === 'csv'
    ? writeCsv(opts.path, sheet, chunks, stream)
    : writeXlsx(opts.path, sheet, chunks, stream);
}

/**
 * An export's table before it is written: its rows (a page at a time), the totals rows that follow them, and the
 * amount it adds up to (known once the rows are read). Built here from a store, or by the CLI from the pages a
 * Desk Server streams (`export --server`), and written by the same writers either way.
 */
export type ExportSource = {
  sheet: StreamSheet;
  /** Rows expected, for progress. */
  total: number;
  chunks: AsyncIterable<readonly Row[]>;
  footer: () => Row[];
  totalPaise: () => number;
};

type SourceOptions = Pick<ExportOptions, 'fullAccount' | 'pageSize'>;

/** Writes `source` as CSV or XLSX to `opts.path` (temp file, then renamed). */
export async function writeExportSource(source: ExportSource, opts: ExportOptions): Promise<ExportResult> {
  checkOptions(opts);
  const rows = await write(source.sheet, source.chunks, source.footer, source.total, opts);
  return { path: opts.path, format: opts.format, rows, totalPaise: source.totalPaise() };
}

async function payoutSource(
  store: Store,
  filters: HistoryFilters,
  sort: HistorySort,
  sheetName: string,
  opts: SourceOptions,
): Promise<ExportSource> {
  const total = await store.run(totalPayoutsOps(filters));
  const totals = new ExportTotals();
  async function* chunks(): AsyncGenerator<Row[]> {
    const full = opts.fullAccount === true;
    for await (const page of payoutPages(store, filters, sort, { pageSize: opts.pageSize })) {
      const rows = page.map((r) => {
        totals.add(r[STATE_FIELD] as string, r[AMOUNT_FIELD] as number);
        return payoutCells(r, full);
      });
      yield rows;
      await breathe();
    }
  }
  return {
    sheet: { sheetName, columns: PAYOUT_COLUMNS },
    total: total.count,
    chunks: chunks(),
    footer: () => totals.footer(PAYOUT_COLUMNS.length, AMOUNT_COLUMN, 3),
    totalPaise: () => totals.all.amountPaise,
  };
}

/** Every row of one batch in sheet order, with totals by status. */
export async function batchExportSource(store: Store, batchId: number, opts: SourceOptions): Promise<ExportSource> {
  const batch = await store.run(getBatchRowOps(batchId));
  if (!batch) throw new AppError('not_found', 'No such batch.', { batchId });
  return payoutSource(store, { batchId }, { key: 'row', direction: 'asc' }, `Batch ${batchId}`, opts);
}

export async function exportBatchOn(store: Store, batchId: number, opts: ExportOptions): Promise<ExportResult> {
  const source = await batchExportSource(store, batchId, opts);
  return writeExportSource(source, opts);
}

export function exportBatch(db: Db, batchId: number, opts: ExportOptions): Promise<ExportResult> {
  return exportBatchOn(sqliteStore(db), batchId, opts);
}

/** Everything a history view shows (its filters and order), not just the page on screen. */
export function historyExportSource(
  store: Store,
  view: { filters: HistoryFilters; sort?: HistorySort },
  opts: SourceOptions,
): Promise<ExportSource> {
  return payoutSource(store, view.filters, view.sort ?? DEFAULT_SORT, 'Payout history', opts);
}

export async function exportHistoryOn(
  store: Store,
  view: { filters: HistoryFilters; sort?: HistorySort },
  opts: ExportOptions,
): Promise<ExportResult> {
  checkOptions(opts);
  return writeExportSource(await historyExportSource(store, view, opts), opts);
}

export function exportHistory(
  db: Db,
  view: { filters: HistoryFilters; sort?: HistorySort },
  opts: ExportOptions,
): Promise<ExportResult> {
  return exportHistoryOn(sqliteStore(db), view, opts);
}

/** A stored reconciliation: its statement lines and matches, then its payout issues, then totals. */
export async function reconExportSource(store: Store, runId: number, opts: SourceOptions): Promise<ExportSource> {
  const full = opts.fullAccount === true;
  const run = await store.run(getReconciliationOps(runId));
  const issues = await store.run(listReconIssuesOps(runId, { fullAccount: full }));
  const shown = await store.run(countShownReconLinesOps(runId));
  const size = opts.pageSize ?? 2000;
  async function* chunks(): AsyncGenerator<Row[]> {
    let after = 0;
    for (;;) {
      const page = await store.run(
        listReconLinesOps(runId, { filter: 'all', limit: size, afterSeq: after, fullAccount: full }),
      );
      if (page.lines.length) yield page.lines.map((l) => lineCells(l, full));
      if (page.nextAfterSeq === null) break;
      after = page.nextAfterSeq;
      await breathe();
    }
    if (issues.length) yield issues.map((i) => issueCells(i, full));
  }
  return {
    sheet: { sheetName: `Recon ${run.fromDate} to ${run.toDate}`, columns: RECON_COLUMNS },
    total: shown + issues.length,
    chunks: chunks(),
    footer: () => reconFooter(run.summary),
    totalPaise: () => run.summary.debitPaise,
  };
}

export async function exportReconciliationOn(store: Store, runId: number, opts: ExportOptions): Promise<ExportResult> {
  checkOptions(opts);
  return writeExportSource(await reconExportSource(store, runId, opts), opts);
}
