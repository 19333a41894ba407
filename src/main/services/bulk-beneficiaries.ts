import { createHash } from 'node:crypto';
import type { BeneficiaryDraft } from '../../shared/domain/payout';
import { AppError } from '../../shared/domain/errors';
import { validateMappedRows, type MappedRow } from '../../shared/sheet/index';
import type { MainContext } from '../context';
import { isDuplicate } from '../enkash/errors';
import { upsertLocalBeneficiaryOps } from './local-beneficiaries';

export type BulkResult = {
  row: number;
  beneficiaryId: string;
  name: string;
  status: 'created' | 'exists' | 'failed' | 'skipped';
  message: string;
};

export type BulkProgress = { done: number; total: number; created: number; existing: number; failed: number };

/**
 * A sheet row without its own id gets one derived from the payee's bank details, so importing the same sheet
 * again finds the same ids (EnKash answers 409) instead of registering the payee twice under new ids.
 */
export function derivedBeneficiaryId(d: BeneficiaryDraft): string {
  const key = [d.accountNumber ?? '', d.ifsc ?? '', d.vpa ?? ''].join('|').toUpperCase();
  return `B${createHash('sha256').update(key).digest('hex').slice(0, 15).toUpperCase()}`;
}

/**
 * Registers the valid rows of a beneficiary sheet with EnKash, two at a time. Rows with errors are skipped (main
 * validates them again); a 409 means the id exists, which is confirmed with a search and reported as "exists".
 */
export async function createBeneficiariesFromRows(
  ctx: MainContext,
  rows: MappedRow[],
  onProgress: (p: BulkProgress) => void,
  signal?: AbortSignal,
): Promise<BulkResult[]> {
  const { client, environment } = await ctx.enkash.session();
  const validation = validateMappedRows(rows, 'beneficiaries', {
    modeLimits: ctx.settings.get().apiProfile.modeLimits,
  });
  if (validation.fileError) throw new AppError('file_invalid', validation.fileError.message);
  const errorRows = new Set(validation.issues.filter((i) => i.severity === 'error').map((i) => i.row));
  const results: BulkResult[] = new Array(validation.drafts.length);
  const progress: BulkProgress = { done: 0, total: validation.drafts.length, created: 0, existing: 0, failed: 0 };
  const work = validation.drafts.map((draft, index) => ({ draft, index }));

  const one = async ({ draft, index }: { draft: BeneficiaryDraft; index: number }) => {
    const beneficiaryId = draft.beneficiaryId ?? derivedBeneficiaryId(draft);
    const base = { row: draft.row, beneficiaryId, name: draft.name ?? '' };
    if (errorRows.has(draft.row)) {
      results[index] = { ...base, status: 'skipped', message: 'Row has errors; fix it in the sheet.' };
    } else if (signal?.aborted) {
      results[index] = { ...base, status: 'skipped', message: 'Cancelled before this row was sent.' };
    } else {
      try {
        await client.createBeneficiary({ ...draft, beneficiaryId, name: draft.name ?? '' });
        await ctx.store.run(
          upsertLocalBeneficiaryOps(
            environment,
            { ...draft, beneficiaryId, name: draft.name ?? '' },
            ctx.now().toISOString(),
          ),
        );
        results[index] = { ...base, status: 'created', message: 'Created.' };
        progress.created++;
      } catch (error) {
        if (isDuplicate(error)) {
          const found = await client.searchBeneficiaries({ beneficiaryId }).catch(() => []);
          const exists = found.some((b) => b.beneficiaryId === beneficiaryId);
          results[index] = {
            ...base,
            status: exists ? 'exists' : 'failed',
            message: exists
              ? 'Already registered at EnKash; left as it is.'
              : 'EnKash says the id exists but cannot find it.',
          };
          if (exists) progress.existing++;
          else progress.failed++;
        } else {
          results[index] = {
            ...base,
            status: 'failed',
            message: error instanceof AppError ? error.message : 'Unexpected error.',
          };
          progress.failed++;
        }
      }
    }
    progress.done++;
    onProgress({ ...progress });
  };

  // Two in flight: quick enough for hundreds of payees without hammering an API whose rate limits are unknown.
  const queue = [...work];
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await one(next);
    }),
  );
  ctx.log.info('beneficiaries.bulk', { ...progress });
  return results;
}
