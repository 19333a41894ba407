import type { SheetKind } from '../../../shared/domain/payout';
import { get, type Ops, q } from '../store/ops';

/** One imported sheet (the `imports` table): what was read, how much of it was valid, and when. */
export type NewImport = {
  fileName: string;
  sha256: string;
  kind: SheetKind;
  rows: number;
  valid: number;
  errors: number;
  warnings: number;
  totalPaise: number;
  environment: string;
  at: string;
};

/** Records an import; its id. */
export function* insertImportOps(i: NewImport): Ops<number> {
  const row = yield* get<{ id: number }>(
    q`INSERT INTO imports (file_name, sha256, kind, row_count, valid_count, error_count, warning_count, total_paise,
        environment, created_at)
      VALUES (${i.fileName}, ${i.sha256}, ${i.kind}, ${i.rows}, ${i.valid}, ${i.errors}, ${i.warnings}, ${i.totalPaise},
        ${i.environment}, ${i.at})
      RETURNING id`,
  );
  return Number(row!.id);
}
