import { AppError } from '../../shared/domain/errors';
import { type BeneficiaryFields, checkBeneficiaryRecord } from '../../shared/records/beneficiary-record';
import { ENKASH_FIELDS } from '../../shared/rules/enkash-fields';
import type { BeneficiaryRecord } from '../enkash/account-outputs';
import type { EnkashClient } from '../enkash/client';
import type { MainContext } from '../context';
import { markLocalBeneficiaryDeletedOps, upsertLocalBeneficiaryOps } from './local-beneficiaries';

/** How a query is read: `auto` looks it up as an id (when it could be one) and as a name, and merges both. */
export type BeneficiarySearchBy = 'auto' | 'id' | 'name';

// The rule book's beneficiaryId: a query that could not be an id is not searched as one.
const COULD_BE_ID = ENKASH_FIELDS.beneficiaryId.pattern;

/** The one beneficiary search of the app's Beneficiaries screen and the CLI's `beneficiaries search`. */
export async function searchBeneficiaries(
  client: Pick<EnkashClient, 'searchBeneficiaries'>,
  query: string,
  by: BeneficiarySearchBy = 'auto',
): Promise<BeneficiaryRecord[]> {
  const q = query.trim();
  if (by === 'id') return client.searchBeneficiaries({ beneficiaryId: q });
  if (by === 'name') return client.searchBeneficiaries({ name: q });
  if (q === '') return client.searchBeneficiaries({});
  // An id that is also part of other payees' names must find all of them: the user cannot tell which was meant.
  const byId = COULD_BE_ID.test(q) ? await client.searchBeneficiaries({ beneficiaryId: q }) : [];
  const byName = await client.searchBeneficiaries({ name: q });
  const seen = new Set<string>();
  return [...byId, ...byName].filter((b) => !seen.has(b.beneficiaryId) && seen.add(b.beneficiaryId));
}

// The local list is written through the context's store, so the CLI's `beneficiaries delete` works with the
// journal on PostgreSQL as well as on the data folder's SQLite file.
type BeneficiaryCtx = Pick<MainContext, 'store' | 'enkash' | 'now'>;

/** Registers a beneficiary with EnKash after checking it again (the renderer is not trusted), and mirrors it. */
export async function createBeneficiary(ctx: BeneficiaryCtx, input: BeneficiaryFields): Promise<BeneficiaryRecord> {
  const checked = checkBeneficiaryRecord(input);
  if (!checked.value) {
    const issues = Object.entries(checked.problems).flatMap(([path, list]) =>
      (list ?? []).filter((p) => p.severity === 'error').map((p) => ({ path, message: p.message })),
    );
    throw new AppError('invalid_input', 'The beneficiary has errors.', { issues });
  }
  const { client, environment } = await ctx.enkash.session();
  const created = await client.createBeneficiary(checked.value);
  await ctx.store.run(upsertLocalBeneficiaryOps(environment, checked.value, ctx.now().toISOString()));
  return created;
}

/** Deletes a beneficiary at EnKash and marks the local mirror, so history lookups know it is gone. */
export async function deleteBeneficiary(
  ctx: BeneficiaryCtx,
  beneficiaryId: string,
): Promise<{ beneficiaryId: string; deleted: true }> {
  const { client } = await ctx.enkash.session();
  const result = await client.deleteBeneficiary(beneficiaryId);
  await ctx.store.run(markLocalBeneficiaryDeletedOps(beneficiaryId, ctx.now().toISOString()));
  return result;
}
