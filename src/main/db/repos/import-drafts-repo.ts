import type { SheetKind } from '../../../shared/domain/payout';
import type { CellPatch } from '../../../shared/sheet/cell-patches';
import { all, get, q, run, type Ops } from '../store/ops';

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

export function* findDraftOps(environment: string, kind: SheetKind): Ops<DraftHeader | null> {
  const row = yield* get<DraftHeader>(
    q`SELECT environment, kind, file_name AS fileName, sha256, mapping, created_at AS createdAt, updated_at AS updatedAt
      FROM import_drafts WHERE environment = ${environment} AND kind = ${kind}`,
  );
  return row ?? null;
}

/** The most recently saved draft of the environment, whatever its kind. */
export function* latestDraftOps(environment: string): Ops<DraftHeader | null> {
  const row = yield* get<DraftHeader>(
    q`SELECT environment, kind, file_name AS fileName, sha256, mapping, created_at AS createdAt, updated_at AS updatedAt
      FROM import_drafts WHERE environment = ${environment} ORDER BY updated_at DESC, kind LIMIT 1`,
  );
  return row ?? null;
}

/** Creates or updates the header; a different file (sha256) starts over, dropping the old file's patches. */
export function* putDraftOps(d: DraftHeader): Ops<void> {
  const existing = yield* findDraftOps(d.environment, d.kind);
  if (existing && existing.sha256 !== d.sha256) yield* deleteDraftOps(d.environment, d.kind);
  yield* run(
    q`INSERT INTO import_drafts (environment, kind, file_name, sha256, mapping, created_at, updated_at)
      VALUES (${d.environment}, ${d.kind}, ${d.fileName}, ${d.sha256}, ${d.mapping}, ${d.createdAt}, ${d.updatedAt})
      ON CONFLICT (environment, kind) DO UPDATE SET file_name = excluded.file_name, mapping = excluded.mapping,
        updated_at = excluded.updated_at`,
  );
}

/** Upserts patches per cell; one whose value is the file's own value removes that cell's fix. */
export function* putPatchesOps(environment: string, kind: SheetKind, patches: readonly CellPatch[]): Ops<void> {
  for (const p of patches) {
    if (p.value === p.old) {
      yield* run(
        q`DELETE FROM import_draft_patches
          WHERE environment = ${environment} AND kind = ${kind} AND row_index = ${p.row} AND col_index = ${p.col}`,
      );
    } else {
      yield* run(
        q`INSERT INTO import_draft_patches (environment, kind, row_index, col_index, old_value, new_value)
          VALUES (${environment}, ${kind}, ${p.row}, ${p.col}, ${p.old}, ${p.value})
          ON CONFLICT (environment, kind, row_index, col_index) DO UPDATE SET new_value = excluded.new_value`,
      );
    }
  }
}

export function* countPatchesOps(environment: string, kind: SheetKind): Ops<number> {
  const row = yield* get<{ n: number | string }>(
    q`SELECT COUNT(*) AS n FROM import_draft_patches WHERE environment = ${environment} AND kind = ${kind}`,
  );
  // PostgreSQL answers count(*) as a bigint, which arrives as text.
  return Number(row?.n ?? 0);
}

/** In sheet order, so a replay touches rows front to back. */
export function* listPatchesOps(environment: string, kind: SheetKind): Ops<CellPatch[]> {
  return yield* all<CellPatch>(
    q`SELECT row_index AS row, col_index AS col, old_value AS old, new_value AS value FROM import_draft_patches
      WHERE environment = ${environment} AND kind = ${kind} ORDER BY row_index, col_index`,
  );
}

/** Deletes the draft and (ON DELETE CASCADE) its patches; true when there was one. */
export function* deleteDraftOps(environment: string, kind: SheetKind): Ops<boolean> {
  const result = yield* run(q`DELETE FROM import_drafts WHERE environment = ${environment} AND kind = ${kind}`);
  return result.changes > 0;
}

/** Whether any draft (of any environment) still refers to these bytes: the kept file is shared by sha256. */
export function* fileInUseOps(sha256: string): Ops<boolean> {
  return (yield* get(q`SELECT 1 AS one FROM import_drafts WHERE sha256 = ${sha256} LIMIT 1`)) !== undefined;
}
