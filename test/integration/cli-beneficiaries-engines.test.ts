import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCliContext } from '../../src/cli/data-dir';
import { DB_FILE } from '../../src/main/context';
import { get, q, type Engine } from '../../src/main/db/store/ops';
import { upsertLocalBeneficiaryOps } from '../../src/main/services/local-beneficiaries';
import { ENGINES } from '../support/test-store';
import { openEngineDesk, runOn, type CliRun, type EngineDesk } from './support/cli-engines';

/**
 * `beneficiaries` on both engines (issue 13 point 3): a search (EnKash only, no database) answers the same with the
 * journal on SQLite or on PostgreSQL; a delete at EnKash also marks the local beneficiary list in the journal's database,
 * on either engine.
 */

const SEARCHES: { name: string; args: string[] }[] = [
  { name: 'by id, JSON', args: ['search', 'BENENG01', '--json'] },
  { name: 'by name', args: ['search', 'ravi'] },
  { name: 'nothing found', args: ['search', 'nobody', '--by', 'name'] },
  { name: 'a bad --by', args: ['search', 'x', '--by', 'vpa'] },
];

const results: Record<Engine, Map<string, CliRun>> = { sqlite: new Map(), pg: new Map() };
type LocalRow = { name: string; deletedAt: string | null };
const localAfterDelete: Record<Engine, LocalRow[]> = { sqlite: [], pg: [] };

const localRow = (id: string) =>
  get<LocalRow>(q`SELECT name, deleted_at AS "deletedAt" FROM beneficiaries WHERE beneficiary_id = ${id}`);
const desks: EngineDesk[] = [];

beforeAll(async () => {
  for (const engine of ENGINES) {
    const desk = await openEngineDesk(engine);
    desks.push(desk);
    // Two payees at the data folder's Sandbox, registered through the app's own session (the desk's store, which
    // the command opens again; closing this context must not close it).
    const ctx = openCliContext(desk.dataDir, { store: { ...desk.store, close: async () => {} } });
    try {
      const { client } = await ctx.enkash.session();
      await client.createBeneficiary({ beneficiaryId: 'BENENG01', name: 'Ravi Kumar', vpa: 'ravi@okaxis' });
      await client.createBeneficiary({
        beneficiaryId: 'BENENG02',
        name: 'Asha Rao',
        accountNumber: '000123456789',
        ifsc: 'HDFC0000001',
      });
    } finally {
      await ctx.close();
    }
    // The local list as the app's registration leaves it (services/beneficiaries.ts createBeneficiary).
    for (const b of [
      { beneficiaryId: 'BENENG01', name: 'Ravi Kumar', vpa: 'ravi@okaxis' },
      { beneficiaryId: 'BENENG02', name: 'Asha Rao', accountNumber: '000123456789', ifsc: 'HDFC0000001' },
    ])
      await desk.store.run(upsertLocalBeneficiaryOps('sandbox', b, '2026-03-02T06:30:00.000Z'));
    for (const s of SEARCHES) {
      const r = await runOn(desk, 'beneficiaries', s.args);
      // When the Sandbox registered a payee is its own clock's, not the database's.
      results[engine].set(s.name, {
        ...r,
        out: r.out.map((l) => l.replace(/"createdOn":"[^"]*"/g, '"createdOn":"…"')),
      });
    }
    results[engine].set('delete', await runOn(desk, 'beneficiaries', ['delete', 'BENENG02', '--json']));
    results[engine].set(
      'search after the delete',
      await runOn(desk, 'beneficiaries', ['search', 'BENENG02', '--by', 'id']),
    );
    for (const id of ['BENENG01', 'BENENG02']) {
      const row = await desk.store.run(localRow(id));
      if (row) localAfterDelete[engine].push(row);
    }
  }
});
afterAll(async () => {
  for (const d of desks) await d.close();
});

describe('beneficiaries: the same searches on SQLite and PostgreSQL', () => {
  it.each(SEARCHES.map((s) => s.name))('%s', (name) => {
    expect(results.pg.get(name)).toEqual(results.sqlite.get(name));
  });

  it('the searches find the registered payees (not two equal mistakes)', () => {
    const byId = JSON.parse(results.sqlite.get('by id, JSON')!.out[0]!);
    expect(byId.beneficiaries.map((b: { beneficiaryId: string }) => b.beneficiaryId)).toEqual(['BENENG01']);
    expect(results.sqlite.get('by name')!.out).toEqual(['BENENG01  Ravi Kumar  ravi@okaxis', '1 beneficiary']);
    expect(results.sqlite.get('nothing found')!.out).toEqual(['No beneficiaries found.']);
    expect(results.sqlite.get('a bad --by')!.code).toBe(2);
  });

  it('a delete answers the same on both engines and marks the local list in that engine', () => {
    expect(results.pg.get('delete')).toEqual(results.sqlite.get('delete'));
    const del = results.sqlite.get('delete')!;
    expect(del.code).toBe(0);
    expect(JSON.parse(del.out[0]!)).toMatchObject({ beneficiaryId: 'BENENG02', deleted: true });
    expect(results.pg.get('search after the delete')).toEqual(results.sqlite.get('search after the delete'));
    for (const engine of ENGINES) {
      const [kept, gone] = localAfterDelete[engine];
      expect(kept, engine).toEqual({ name: 'Ravi Kumar', deletedAt: null });
      expect(gone?.name, engine).toBe('Asha Rao');
      // The context's clock: an ISO instant, the same shape on both engines.
      expect(gone?.deletedAt, engine).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('on PostgreSQL the data folder gets no SQLite file', () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    expect(existsSync(join(pg.dataDir, DB_FILE))).toBe(false);
  });
});
