import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMainContext, type MainContext } from '../../src/main/context';
import { all, q } from '../../src/main/db/store/ops';
import {
  createBeneficiariesFromRows,
  derivedBeneficiaryId,
  type BulkProgress,
} from '../../src/main/services/bulk-beneficiaries';
import { createConfBackend } from '../../src/main/settings/conf-backend';
import type { BeneficiaryDraft } from '../../src/shared/domain/payout';
import type { MappedRow } from '../../src/shared/sheet/index';
import { createFakeSafeStorage } from '../support/fake-safe-storage';
import { ENGINES, openTestStore, type TestStore } from '../support/test-store';

/**
 * Registering a sheet of payees (the import screen's "Register payees", served to a team as beneficiaries.write) on
 * both engines: valid rows are created at the Sandbox and mirrored in the context's store, a row with errors is
 * skipped without a call, and a second run of the same sheet finds every payee already there — no new rows locally.
 */

const ROWS: MappedRow[] = [
  { row: 2, values: { name: 'Ravi Kumar', accountNumber: '50100012345671', ifsc: 'HDFC0000001' } },
  { row: 3, values: { beneficiaryId: 'VEND0042', name: 'Sneha Das', vpa: 'sneha.das@okaxis' } },
  { row: 4, values: { name: 'Broken Row', accountNumber: '12', ifsc: 'NOT-AN-IFSC' } },
  { row: 5, values: { name: 'Meena Sharma', accountNumber: '000123456789', ifsc: 'SBIN0001234' } },
];

let open: { ctx: MainContext; pg: TestStore | null; dir: string } | null = null;
afterEach(async () => {
  if (!open) return;
  await open.ctx.close();
  await open.pg?.close();
  rmSync(open.dir, { recursive: true, force: true });
  open = null;
});

async function openContext(engine: 'sqlite' | 'pg'): Promise<MainContext> {
  const dir = mkdtempSync(join(tmpdir(), `bulk-ben-${engine}-`));
  const pg = engine === 'pg' ? await openTestStore('pg') : null;
  const ctx = createMainContext({
    dataDir: dir,
    settingsBackend: createConfBackend(dir),
    safeStorage: createFakeSafeStorage(),
    appVersion: '0.0.0-test',
    logToFile: false,
    logSink: () => {},
    ...(pg ? { store: pg.store } : {}),
  });
  open = { ctx, pg, dir };
  return ctx;
}

describe.each(ENGINES)('registering a payee sheet (%s)', (engine) => {
  it('creates the valid rows, skips the broken one, mirrors them in the store, and a rerun finds them', async () => {
    const ctx = await openContext(engine);
    const seen: BulkProgress[] = [];
    const first = await createBeneficiariesFromRows(ctx, ROWS, (p) => seen.push(p));

    expect(first.map((r) => [r.row, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'skipped'],
      [5, 'created'],
    ]);
    expect(first[1]!.beneficiaryId).toBe('VEND0042');
    // Without an id in the sheet the id comes from the bank details, so a rerun asks for the same one.
    expect(first[0]!.beneficiaryId).toBe(derivedBeneficiaryId({ row: 2, ...ROWS[0]!.values } as BeneficiaryDraft));
    expect(seen.at(-1)).toEqual({ done: 4, total: 4, created: 3, existing: 0, failed: 0 });

    const local = () =>
      ctx.store.run(
        all<{ id: string; name: string; environment: string }>(
          q`SELECT beneficiary_id AS id, name, environment FROM beneficiaries ORDER BY beneficiary_id`,
        ),
      );
    const mirrored = await local();
    expect(mirrored.map((b) => b.id).sort()).toEqual(
      [first[0]!.beneficiaryId, 'VEND0042', first[3]!.beneficiaryId].sort(),
    );
    expect(new Set(mirrored.map((b) => b.environment))).toEqual(new Set(['sandbox']));

    const again = await createBeneficiariesFromRows(ctx, ROWS, () => {});
    expect(again.map((r) => r.status)).toEqual(['exists', 'exists', 'skipped', 'exists']);
    expect(await local()).toEqual(mirrored);
  });
});
