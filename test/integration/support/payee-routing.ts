import { payoutsOfBatchOps, type PayoutRow } from '../../../src/main/db/repos/payouts-repo';
import type { Engine } from '../../../src/main/db/store/ops';
import { createSubmissionEngine } from '../../../src/main/services/journal/engine';
import { ACCEPTED_STATES } from '../../../src/main/services/journal/states';
import type { MappedRow } from '../../../src/shared/sheet/row-draft';
import { type ApiProfile, DEFAULT_API_SWITCHES, type PayeeRouting } from '../../../src/shared/settings/api-profile';
import { createHarness, type Harness, stageConfirmed } from './journal-harness';

/** Payee-routing tests (issue 11 point 1): a harness whose Sandbox reads the inline payee one way or another. */

/** No lifecycle delays or random failures: every accepted payout is plainly accepted. */
export const QUIET = { timing: { pendingMs: 0, processingMs: 0, failRate: 0, reverseRate: 0 } };

export async function routingHarness(opts: {
  /** Which engine holds the journal (default SQLite). */
  engine?: Engine;
  /** Left out: the profile's default. */
  routing?: PayeeRouting;
  /** Dialect `requireInlineBeneficiaryId`. */
  strict?: boolean;
  /** Dialect `beneficiaryContactRequired`. */
  contactRequired?: boolean;
  /** Dialect `inlineRegistersBeneficiary`. */
  registersInline?: boolean;
}): Promise<Harness> {
  const profile: Partial<ApiProfile> = { batchChunkSize: 4 };
  // A fresh switches object, so a test may change the routing without touching the shared default.
  if (opts.routing) profile.switches = { ...DEFAULT_API_SWITCHES, payeeRouting: opts.routing };
  return createHarness({
    engine: opts.engine,
    profile,
    sandbox: {
      ...QUIET,
      dialect: {
        requireInlineBeneficiaryId: opts.strict ?? false,
        beneficiaryContactRequired: opts.contactRequired ?? false,
        inlineRegistersBeneficiary: opts.registersInline ?? false,
      },
    },
  });
}

/** Stages `rows` as one sheet, confirms it and runs the engine once; the batch's rows afterwards (either engine). */
export async function payRows(h: Harness, rows: MappedRow[], name = 'routing.csv'): Promise<PayoutRow[]> {
  const batchId = await stageConfirmed(h, rows, { fileName: name });
  await createSubmissionEngine(h.deps).start(batchId);
  return h.store.run(payoutsOfBatchOps(batchId));
}

export const acceptedRows = (rows: PayoutRow[]) => rows.filter((r) => ACCEPTED_STATES.includes(r.state));
