import type { z } from 'zod';
import { formatIndianDateTime } from '../../shared/domain/indian-date';
import type { SheetKind } from '../../shared/domain/payout';
import type { importContracts } from '../../shared/ipc/contracts/imports';
import { AppError } from '../../shared/domain/errors';
import { validateMappedRows, type SheetValidation } from '../../shared/sheet/index';
import type { MainContext } from '../context';
import type { SettingsService } from '../settings/settings-service';
import { insertImportOps } from '../db/repos/imports-repo';
import { get, q } from '../db/store/ops';

export type StageImportInput = z.output<(typeof importContracts)['stageImport']['input']>;

export type StagedImport = {
  importId: number;
  kind: SheetKind;
  validation: SheetValidation;
  previousImportId: number | null;
};

/**
 * A mapped sheet checked in main with the shared rules and the profile's mode limits (the renderer is untrusted);
 * a file-level problem (no rows, missing columns) is refused as file_invalid.
 */
export function validateImportRows(
  settings: Pick<SettingsService, 'get'>,
  input: Pick<StageImportInput, 'rows' | 'kind' | 'labels'>,
): SheetValidation {
  const validation = validateMappedRows(
    input.rows,
    input.kind,
    { modeLimits: settings.get().apiProfile.modeLimits },
    input.labels,
  );
  if (validation.fileError) throw new AppError('file_invalid', validation.fileError.message);
  return validation;
}

/**
 * Stores an import after validating every row again in main (the renderer is untrusted, and main's verdict is
 * the one that counts). The same bytes imported twice are refused unless the user explicitly chose to import
 * again, because a re-imported payout sheet is the classic way to pay everyone twice.
 */
export async function stageImport(ctx: MainContext, input: StageImportInput): Promise<StagedImport> {
  const previous = await ctx.store.run(
    get<{ id: number; fileName: string; createdAt: string }>(
      q`SELECT id, file_name AS fileName, created_at AS createdAt FROM imports WHERE sha256 = ${input.sha256}
        ORDER BY id DESC LIMIT 1`,
    ),
  );
  if (previous && !input.allowDuplicate) {
    throw new AppError(
      'conflict',
      `This file was already imported (import #${previous.id}, "${previous.fileName}", ${formatIndianDateTime(previous.createdAt) ?? previous.createdAt}). Import it again only if you really mean to pay these rows a second time.`,
      { duplicateOfImportId: previous.id, importedAt: previous.createdAt },
    );
  }
  const { settings } = ctx;
  const validation = validateImportRows(settings, input);
  const s = validation.summary;
  const importId = await ctx.store.run(
    insertImportOps({
      fileName: input.fileName,
      sha256: input.sha256,
      kind: input.kind,
      rows: s.rows,
      valid: s.validRows,
      errors: s.errors,
      warnings: s.warnings,
      totalPaise: s.totalPaise,
      environment: settings.get().environment,
      at: ctx.now().toISOString(),
    }),
  );
  ctx.log.info('import.staged', { importId, kind: input.kind, rows: s.rows });
  return { importId, kind: input.kind, validation, previousImportId: previous?.id ?? null };
}
