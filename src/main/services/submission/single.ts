import { createHash } from 'node:crypto';
import type { FieldKey } from '../../../shared/sheet/fields';
import type { JournalDeps } from '../journal/deps';
import { stageBatch, stageBatchOnStore, type StageInput, type StageResult } from './stage';

/**
 * One payee typed in by hand. It is a batch of one row (kind `single`) so it gets the very same checks,
 * pre-flight, typed-total confirmation and journal; it goes out on the single-payout call, without a chunk.
 */
export type SinglePayoutInput = {
  values: Partial<Record<Exclude<FieldKey, 'address' | 'city' | 'state' | 'pincode'>, string>>;
  /** Shown in history; defaults to "Single payout to <name>". */
  name?: string;
};

function singleInput(input: SinglePayoutInput): StageInput {
  const label = input.values.name?.trim() || input.values.beneficiaryId?.trim() || input.values.vpa?.trim() || 'payee';
  // The imports table wants a content hash: the row itself, canonically ordered.
  const canonical = JSON.stringify(Object.entries(input.values).sort(([a], [b]) => a.localeCompare(b)));
  return {
    fileName: 'single payout',
    sha256: createHash('sha256').update(canonical).digest('hex'),
    kind: 'payouts',
    rows: [{ row: 1, values: input.values }],
    name: input.name ?? `Single payout to ${label}`,
  };
}

/** Stages a single payout as a DRAFT batch; confirm it with confirmBatch and send it with the engine. */
export function createSinglePayout(deps: JournalDeps, input: SinglePayoutInput): StageResult {
  return stageBatch(deps, singleInput(input), { kind: 'single' });
}

/** createSinglePayout on `deps.store`, whichever engine holds the journal. */
export function createSinglePayoutOnStore(deps: JournalDeps, input: SinglePayoutInput): Promise<StageResult> {
  return stageBatchOnStore(deps, singleInput(input), { kind: 'single' });
}
