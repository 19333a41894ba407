import type { SheetKind } from '../../../shared/domain/payout';
import type { CellPatch } from '../../../shared/sheet/cell-patches';
import type { Db } from '../open';
import { stmt } from '../prepared-cache';

/**
 * import_drafts + import_draft_patches (migration 009): the import in progress per environment and kind, with
 * the user's fixes as one row per edited cell. Callers run these inside one transaction per IPC call.
 */
export type DraftHeader = {
  environment: string;
  kind: SheetKind;
  fileName: string;
  sha256: string;
  /** JSON of the column mapping, validated before it is stored. */
  mapping: string;
  createdAt: string;
  updatedAt: string;
};

const HEADER_COLUMNS = `environment, kind, file_name AS fileName, sha256, mapping, created_at AS createdAt,
  updated_at AS updatedAt`;

export function findDraft(db: Db, environment: string, kind: SheetKind): DraftHeader | null {
  const row = stmt(db, `SELECT ${HEADER_COLUMNS} FROM import_drafts WHERE environment = ? AND kind = ?`).get(
    environment,
    kind,
  ) as DraftHeader | undefined;
  return row ?? null;
}

/** The most recently saved draft of the environment, whatever its kind. */
export function latestDraft(db: Db, environment: string): DraftHeader | null {
  const row = stmt(
    db,
    `SELECT ${HEADER_COLUMNS} FROM import_drafts WHERE environment = ? ORDER BY updated_at DESC, kind LIMIT 1`,
  ).get(environment) as DraftHeader | undefined;
  return row ?? null;
}

/** Creates or updates the header; a different file (sha256) starts over, dropping the old file's patches. */
export function putDraft(db: Db, d: DraftHeader): void {
  const existing = findDraft(db, d.environment, d.kind);
  if (existing && existing.sha256 !== d.sha256) deleteDraft(db, d.environment, d.kind);
  stmt(
    db,
    `INSERT INTO import_drafts (environment, kind, file_name, sha256, mapping, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (environment, kind) DO UPDATE SET file_name = excluded.file_name, mapping = excluded.mapping,
       updated_at = excluded.updated_at`,
  ).run(d.environment, d.kind, d.fileName, d.sha256, d.mapping, d.createdAt, d.updatedAt);
}

/** Upserts patches per cell; one whose value is the file's own value removes that cell's fix. */
export function putPatches(db: Db, environment: string, kind: SheetKind, patches: readonly CellPatch[]): void {
  const upsert = stmt(
    db,
    `INSERT INTO import_draft_patches (environment, kind, row_index, col_index, old_value, new_value)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (environment, kind, row_index, col_index) DO UPDATE SET new_value = excluded.new_value`,
  );
  const remove = stmt(
    db,
    'DELETE FROM import_draft_patches WHERE environment = ? AND kind = ? AND row_index = ? AND col_index = ?',
  );
  for (const p of patches) {
    if (p.value === p.old) remove.run(environment, kind, p.row, p.col);
    else upsert.run(environment, kind, p.row, p.col, p.old, p.value);
  }
}

export function countPatches(db: Db, environment: string, kind: SheetKind): number {
  return (
    stmt(db, 'SELECT COUNT(*) AS n FROM import_draft_patches WHERE environment = ? AND kind = ?').get(
      environment,
      kind,
    ) as { n: number }
  ).n;
}

/** In sheet order, so a replay touches rows front to back. */
export function listPatches(db: Db, environment: string, kind: SheetKind): CellPatch[] {
  return stmt(
    db,
    `SELECT row_index AS row, col_index AS col, old_value AS old, new_value AS value FROM import_draft_patches
     WHERE environment = ? AND kind = ? ORDER BY row_index, col_index`,
  ).all(environment, kind) as CellPatch[];
}

/** Deletes the draft and (ON DELETE CASCADE) its patches; true when there was one. */
export function deleteDraft(db: Db, environment: string, kind: SheetKind): boolean {
  return stmt(db, 'DELETE FROM import_drafts WHERE environment = ? AND kind = ?').run(environment, kind).changes > 0;
}

/** Whether any draft (of any environment) still refers to these bytes: the kept file is shared by sha256. */
export function fileInUse(db: Db, sha256: string): boolean {
  return stmt(db, 'SELECT 1 FROM import_drafts WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
}
