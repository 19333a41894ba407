import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/context';
import { all, q, type Engine } from '../../src/main/db/store/ops';
import { ENGINES } from '../support/test-store';
import { neutral, openEngineDesk, runOn, type CliRun, type EngineDesk } from './support/cli-engines';

/**
 * `verify` on both engines (issue 13 point 3): the payees of a sheet are checked at the data folder's Sandbox, and
 * the intent rows, the cache and the verdicts live in the journal's database — the SQLite file or PostgreSQL. The
 * same sheet gives the same verdicts on both, and a second run is answered from that engine's cache.
 */

const HEADER = 'Beneficiary Name,A/c No,IFSC Code,UPI ID,Mode,Amount (Rs),Narration';
// The Sandbox's bank names: Priya → "MS PRIYA SHARMA", Lakshmi → "LAKSHMI MENON"; 12345678 → "SANJAY KUMAR DAS".
const LINES = [
  'Priya Sharma,50100012345678,HDFC0000240,,IMPS,2000.00,Rent',
  'Lakshmi Menon,723456789012,PUNB0244200,,NEFT,1500.00,Rent',
  'Lakshmi Menon,723456789012,PUNB0244200,,NEFT,500.00,Rent again',
  'Sanjay Das,12345678,SBIN0001234,,NEFT,100.00,Fees',
  'Meena Iyer,,,meena.iyer@okaxis,UPI,250.00,Tea',
];

type After = { first: CliRun; second: CliRun; table: CliRun; cache: unknown[]; requests: unknown[] };
const after: Partial<Record<Engine, After>> = {};
const desks: EngineDesk[] = [];

beforeAll(async () => {
  for (const engine of ENGINES) {
    const desk = await openEngineDesk(engine);
    desks.push(desk);
    const sheet = join(desk.outDir, 'payees.csv');
    writeFileSync(sheet, [HEADER, ...LINES].join('\n') + '\n');
    const clean = (r: CliRun): CliRun => ({
      ...r,
      out: r.out.map((l) => neutral(desk, l)),
      err: r.err.map((l) => neutral(desk, l)),
    });
    const first = clean(await runOn(desk, 'verify', [sheet, '--json']));
    const second = clean(await runOn(desk, 'verify', [sheet, '--json']));
    const table = clean(await runOn(desk, 'verify', [sheet]));
    const cache = await desk.store.run(
      all(
        q`SELECT environment, account_number AS "accountNumber", ifsc, status, bank_name AS "bankName",
            penny_drop AS "pennyDrop" FROM payee_verifications ORDER BY account_number`,
      ),
    );
    const requests = await desk.store.run(
      all(
        q`SELECT environment, account_number AS "accountNumber", ifsc, outcome, error_kind AS "errorKind"
          FROM payee_verification_requests ORDER BY account_number`,
      ),
    );
    after[engine] = { first, second, table, cache, requests };
  }
});
afterAll(async () => {
  for (const d of desks) await d.close();
});

describe('verify: the same verdicts and cache on SQLite and PostgreSQL', () => {
  it('the first run (EnKash checks), the cached run and the table read the same', () => {
    expect(after.pg!.first).toEqual(after.sqlite!.first);
    expect(after.pg!.second).toEqual(after.sqlite!.second);
    expect(after.pg!.table).toEqual(after.sqlite!.table);
  });

  it('the intent rows and the cache hold the same on both', () => {
    expect(after.pg!.cache).toEqual(after.sqlite!.cache);
    expect(after.pg!.requests).toEqual(after.sqlite!.requests);
  });

  it('the verdicts are the Sandbox bank names (not two equal mistakes)', () => {
    const first = JSON.parse(after.sqlite!.first.out[0]!);
    expect(after.sqlite!.first.code).toBe(1); // Sanjay Das is a partial match
    expect(first.rows.map((r: { verdict: string }) => r.verdict)).toEqual([
      'match',
      'match',
      'match',
      'partial',
      'skipped',
    ]);
    expect(first.summary).toMatchObject({ calls: 3, fromCache: 0, environment: 'sandbox' });
    const second = JSON.parse(after.sqlite!.second.out[0]!);
    expect(second.summary).toMatchObject({ calls: 0 });
    expect(
      second.rows.every((r: { fromCache: boolean; verdict: string }) => r.fromCache || r.verdict === 'skipped'),
    ).toBe(true);
    expect(after.sqlite!.cache).toHaveLength(3);
    expect(after.sqlite!.requests).toHaveLength(3);
  });

  it('on PostgreSQL the data folder gets no SQLite file', () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    expect(existsSync(join(pg.dataDir, DB_FILE))).toBe(false);
  });
});
