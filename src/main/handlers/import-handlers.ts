import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/ipc/errors';
import { TEMPLATE_FILES } from '../../shared/sheet/templates';
import type { MainContext } from '../context';
import { csvBytes } from '../exports/csv-writer';
import { xlsxBytes } from '../exports/xlsx-writer';
import type { HandlerMap } from '../ipc/dispatch';
import { createBeneficiariesFromRows, type BulkProgress } from '../services/bulk-beneficiaries';
import { stageImport } from '../services/imports';
import type { Services } from '../services/lifecycle';
import { stageBatch } from '../services/submission/index';

type ImportHandlers = Pick<HandlerMap, 'stageImport' | 'renderTable' | 'getTemplate' | 'createBeneficiariesFromSheet'>;

const MIME = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export function createImportHandlers(ctx: MainContext, services: Services): ImportHandlers {
  return {
    stageImport(input) {
      const staged = stageImport(ctx, input);
      // A payout sheet becomes a DRAFT batch at once: ids are minted and committed now, nothing is sent.
      const batch =
        input.kind === 'payouts' && staged.validation.summary.validRows > 0
          ? stageBatch(services.deps, {
              importId: staged.importId,
              fileName: input.fileName,
              sha256: input.sha256,
              kind: 'payouts',
              rows: input.rows,
              labels: input.labels,
              skipInvalid: true,
            })
          : null;
      return {
        importId: staged.importId,
        batchId: batch?.batchId ?? null,
        kind: staged.kind,
        summary: staged.validation.summary,
        previousImportId: staged.previousImportId,
      };
    },
    async renderTable({ table, format }) {
      const bytes = format === 'csv' ? csvBytes(table) : await xlsxBytes(table);
      return { base64: Buffer.from(bytes).toString('base64'), mime: MIME[format] };
    },
    async createBeneficiariesFromSheet({ rows }) {
      let last: BulkProgress = { done: 0, total: rows.length, created: 0, existing: 0, failed: 0 };
      const results = await createBeneficiariesFromRows(ctx, rows, (p) => {
        last = p;
        ctx.events.emit('beneficiaryBulkProgress', p);
      });
      return { results, progress: last };
    },
    getTemplate({ kind, format }) {
      const fileName = TEMPLATE_FILES[kind][format];
      try {
        const bytes = readFileSync(join(ctx.resourcesDir, 'templates', fileName));
        return { base64: bytes.toString('base64'), mime: MIME[format], fileName };
      } catch {
        throw new AppError(
          'not_found',
          `The ${kind} template (${format.toUpperCase()}) is missing from this installation.`,
        );
      }
    },
  };
}
