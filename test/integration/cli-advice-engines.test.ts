import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/context';
import type { Engine } from '../../src/main/db/store/ops';
import { ENGINES } from '../support/test-store';
import { MIXED_ROWS, neutral, openEngineDesk, runOn, seedDeskOps, type EngineDesk } from './support/cli-engines';

/**
 * `advice` on both engines (issue 13 point 3): the paid payouts of a batch give the same advice files and the same
 * email CSV from the data folder's SQLite file and from PostgreSQL, and the payer named once is remembered in
 * whichever database the desk uses.
 */

type Outcome = { code: number; out: string[]; err: string[]; files: string[]; emails: string | null };

const CASES: { name: string; dir: string; args: (dir: string) => string[] }[] = [
  { name: 'no payer named yet', dir: 'none', args: (d) => ['--batch', '1', '--out', d] },
  {
    name: 'batch 1, naming the payer',
    dir: 'b1',
    args: (d) => ['--batch', '1', '--out', d, '--payer', 'Acme  Pvt Ltd'],
  },
  { name: 'batch 3, the payer remembered, JSON', dir: 'b3', args: (d) => ['--batch', '3', '--out', d, '--json'] },
  { name: 'no such batch', dir: 'b9', args: (d) => ['--batch', '9', '--out', d] },
  { name: 'a batch with nothing paid', dir: 'b2', args: (d) => ['--batch', '2', '--out', d] },
  { name: 'no --out', dir: 'x', args: () => ['--batch', '1'] },
];

const results: Record<Engine, Map<string, Outcome>> = { sqlite: new Map(), pg: new Map() };
const desks: EngineDesk[] = [];

beforeAll(async () => {
  for (const engine of ENGINES) {
    const desk = await openEngineDesk(engine);
    desks.push(desk);
    // Rows go round-robin over three batches: 1 holds rows 0 (SUCCESS), 3 (REVERSED), 6 (UNKNOWN); 2 holds
    // 1 (FAILED), 4 (PENDING) — nothing paid; 3 holds 2 and 5 (both SUCCESS).
    await desk.store.run(seedDeskOps(MIXED_ROWS, { batches: 3 }));
    for (const c of CASES) {
      const dir = join(desk.outDir, c.dir);
      const r = await runOn(desk, 'advice', c.args(dir));
      results[engine].set(c.name, {
        code: r.code,
        out: r.out.map((l) => neutral(desk, l)),
        err: r.err.map((l) => neutral(desk, l)),
        files: existsSync(dir) ? readdirSync(dir).sort() : [],
        emails: existsSync(join(dir, 'emails.csv')) ? readFileSync(join(dir, 'emails.csv'), 'utf8') : null,
      });
    }
  }
});
afterAll(async () => {
  for (const d of desks) await d.close();
});

describe('advice: the same advices on SQLite and PostgreSQL', () => {
  it.each(CASES.map((c) => c.name))('%s', (name) => {
    expect(results.pg.get(name)).toEqual(results.sqlite.get(name));
  });

  it('the advices are the seeded paid payouts (not two equal mistakes)', () => {
    const s = results.sqlite;
    expect(s.get('no payer named yet')!.code).toBe(2);
    expect(s.get('no payer named yet')!.err.join('\n')).toContain('Name the payer once');
    const b1 = s.get('batch 1, naming the payer')!;
    expect(b1.code).toBe(0);
    expect(b1.files).toEqual(['ENG0000.pdf', 'emails.csv']);
    expect(b1.emails).toContain('Payment advice from Acme Pvt Ltd: ₹1,500.00');
    expect(b1.emails).toContain('********1000');
    const b3 = JSON.parse(s.get('batch 3, the payer remembered, JSON')!.out[0]!);
    expect(b3.files.map((f: string) => f.replace(/^.*[\\/]/, ''))).toEqual(['ENG0002.pdf', 'ENG0005.pdf']);
    expect(s.get('no such batch')!.err.join('\n')).toContain('No such batch');
    expect(s.get('a batch with nothing paid')!.err.join('\n')).toContain('No paid payouts in this batch');
    expect(s.get('no --out')!.code).toBe(2);
  });

  it('on PostgreSQL the data folder gets no SQLite file', () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    expect(existsSync(join(pg.dataDir, DB_FILE))).toBe(false);
  });
});
