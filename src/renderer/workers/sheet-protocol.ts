import type { Issue, FileIssue } from '../../shared/domain/issue';
import type { ModeLimits, SheetKind } from '../../shared/domain/payout';
import type { ExportTable } from '../../shared/domain/export-table';
import type { ColumnMapping, MappedRow, ParseProgress, SheetSummary } from '../../shared/sheet/ui';
import type { TableFormat } from '../../shared/domain/file-types';
import type { CellPatch, PatchReplay } from '../../shared/sheet/cell-patches';

/** Messages the Import screen sends to the sheet worker. Every request carries an id echoed in its reply. */
export type WorkerRequest =
  | { id: number; type: 'parse'; bytes: ArrayBuffer; fileName: string }
  | { id: number; type: 'validate'; kind: SheetKind; mapping: ColumnMapping; modeLimits: ModeLimits }
  | { id: number; type: 'edit'; rowIndex: number; columnIndex: number; value: string }
  /** A saved import's fixes, applied to the parsed sheet before it is validated (issue 17 point 8). */
  | { id: number; type: 'apply-patches'; patches: CellPatch[] }
  | { id: number; type: 'error-report' }
  | { id: number; type: 'mapped-rows' }
  /** Data rows start ..< start + count (at most 5,000), for the rows a virtualised grid shows. */
  | { id: number; type: 'rows'; start: number; count: number };

export type ParsedInfo = {
  fileName: string;
  format: TableFormat;
  sheetName?: string;
  headers: string[];
  rows: string[][];
  rowNumbers: number[];
  notes: string[];
  detectedKind: SheetKind;
  suggested: Record<SheetKind, ColumnMapping>;
  layoutKey: string;
  sha256: string;
};

export type ValidationInfo = {
  fileError: FileIssue | null;
  summary: SheetSummary;
  /** Issues per data row index (only rows that have any). */
  issuesByIndex: Record<number, Issue[]>;
};

export type WorkerReply =
  | { id: number; type: 'progress'; progress: ParseProgress }
  | { id: number; type: 'parsed'; info: ParsedInfo }
  | { id: number; type: 'file-error'; error: FileIssue }
  | { id: number; type: 'validated'; info: ValidationInfo }
  | { id: number; type: 'edited'; changed: Record<number, Issue[]>; summary: SheetSummary; cell: string }
  | { id: number; type: 'patches-applied'; replay: PatchReplay }
  | { id: number; type: 'rows'; start: number; rows: string[][] }
  | { id: number; type: 'error-report'; table: ExportTable }
  | { id: number; type: 'mapped-rows'; rows: MappedRow[]; labels: Record<string, string> }
  | { id: number; type: 'failed'; message: string };
