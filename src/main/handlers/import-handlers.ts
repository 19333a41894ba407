import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/domain/errors';
import { TEMPLATE_FILES } from '../../shared/sheet/templates';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { writeAtomically } from '../services/exports/atomic-file';
import { saveRequest, type SaveDesk } from '../services/exports/save-desk';
import { createBeneficiariesFromRows, type BulkProgress } from '../services/bulk-beneficiaries';
import { stageImport } from '../services/imports';
import { discardDraft, getDraft, saveDraft } from '../services/import-drafts';
import type { Services } from '../services/lifecycle';
import { stageBatchOnStore } from '../services/submission/stage';

type ImportHandlers = Pick<
  HandlerMap,
  'stageImport' | 'saveTemplate' | 'createBeneficiariesFromSheet' | 'saveDraft' | 'getDraft' | 'discardDraft'
>;

export function createImportHandlers(ctx: MainContext, services: Services, desk: SaveDesk): ImportHandlers {
  return {
    async stageImport(input) {
      const staged = await stageImport(ctx, input);
      // A payout sheet becomes a DRAFT batch at once: ids are minted and committed now, nothing is sent.
      const batch =
        input.kind === 'payouts' && staged.validation.summary.validRows > 0
          ? await stageBatchOnStore(services.deps, {
              importId: staged.importId,
              fileName: input.fileName,
              sha256: input.sha256,
              kind: 'payouts',
              rows: input.rows,
              labels: input.labels,
              skipInvalid: true,
            })
          : null;
      // Staged: the saved import of this file has done its job (issue 17 point 8).
      await discardDraft(ctx, input.kind, input.sha256);
      return {
        importId: staged.importId,
        batchId: batch?.batchId ?? null,
        kind: staged.kind,
        summary: staged.validation.summary,
        previousImportId: staged.previousImportId,
      };
    },
    saveDraft: (input) => saveDraft(ctx, input),
    getDraft: (input) => getDraft(ctx, input?.kind),
    discardDraft: async ({ kind }) => ({ discarded: await discardDraft(ctx, kind) }),
    async createBeneficiariesFromSheet({ rows }) {
      let last: BulkProgress = { done: 0, total: rows.length, created: 0, existing: 0, failed: 0 };
      const results = await createBeneficiariesFromRows(ctx, rows, (p) => {
        last = p;
        ctx.events.emit('beneficiaryBulkProgress', p);
      });
      return { results, progress: last };
    },
    async saveTemplate({ kind, format }) {
      const fileName = TEMPLATE_FILES[kind][format];
      const source = join(ctx.resourcesDir, 'templates', fileName);
      // Checked before the dialog opens: the user should not pick a folder for a file we cannot give them.
      if (!existsSync(source)) {
        throw new AppError(
          'not_found',
          `The ${kind} template (${format.toUpperCase()}) is missing from this installation.`,
        );
      }
      const stem = fileName.replace(/\.(csv|xlsx)$/, '');
      // The shipped file as it is (built by the same writers, see test/fixtures/make-fixtures.ts).
      const saved = await desk.save(saveRequest(stem, format), (path) =>
        writeAtomically(path, (temp) => copyFile(source, temp)),
      );
      return saved.status === 'saved' ? { status: 'saved', path: saved.path, fileName: saved.fileName } : saved;
    },
  };
}
