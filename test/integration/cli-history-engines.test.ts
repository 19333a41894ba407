import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/context';
import type { Engine } from '../../src/main/db/store/ops';
import type { HistoryPage } from '../../src/main/services/history/types';
import { captureIo } from '../support/cli-io';
import { ENGINES } from '../support/test-store';
import { commands } from '../../src/cli/commands/index';
import { MIXED_ROWS, openEngineDesk, runOn, seedDeskOps, type CliRun, type EngineDesk } from './support/cli-engines';

/**
 * `history` on both engines (issue 13 point 3): the same seeded payouts give the same table, JSON page, totals,
 * cursors and payee-word matches on the data folder's SQLite file and on PostgreSQL (--database-url or
 * PAYOUT_DESK_DATABASE_URL), and PostgreSQL leaves the data folder without a SQLite file.
 */

const CASES: { name: string; args: string[] }[] = [
  { name: 'the table, newest first', args: [] },
  { name: 'JSON with totals and the headline', args: ['--json'] },
  { name: 'status and mode filters', args: ['--status', 'SUCCESS,REVERSED', '--mode', 'IMPS,UPI,NEFT', '--json'] },
  { name: 'payee words', args: ['--payee', 'ravi', '--json'] },
  { name: 'payee words, table', args: ['--payee', 'kum'] },
  { name: 'IST dates and amount order', args: ['--from', '2026-03-02', '--to', '2026-03-02', '--sort', 'amount'] },
  { name: 'one batch in full', args: ['--batch', '1', '--full-account', '--asc', '--json'] },
  { name: 'an exact amount', args: ['--amount', '1500', '--json'] },
  { name: 'a page and its cursor', args: ['--limit', '2'] },
  { name: 'nothing matches', args: ['--utr', 'NOPE'] },
  { name: 'a bad flag', args: ['--status', 'PAID'] },
];

const results: Record<Engine, Map<string, CliRun>> = { sqlite: new Map(), pg: new Map() };
const desks: EngineDesk[] = [];

beforeAll(async () => {
  for (const engine of ENGINES) {
    const desk = await openEngineDesk(engine);
    desks.push(desk);
    await desk.store.run(seedDeskOps(MIXED_ROWS));
    for (const c of CASES) results[engine].set(c.name, await runOn(desk, 'history', c.args));
    // The second page, through the cursor the first printed.
    const first = results[engine].get('a page and its cursor')!;
    const more = first.out.at(-1)!.replace('More: --after ', '');
    results[engine].set('the next page', await runOn(desk, 'history', ['--limit', '2', '--after', more]));
  }
});
afterAll(async () => {
  for (const d of desks) await d.close();
});

describe('history: the same answers on SQLite and PostgreSQL', () => {
  it.each([...CASES.map((c) => c.name), 'the next page'])('%s', (name) => {
    const sqlite = results.sqlite.get(name)!;
    const pg = results.pg.get(name)!;
    expect(pg).toEqual(sqlite);
  });

  it('the answers are the seeded ones (not two equal mistakes)', () => {
    const all = results.sqlite.get('JSON with totals and the headline')!;
    expect(all.code).toBe(0);
    const page = JSON.parse(all.out[0]!) as HistoryPage;
    expect(page.rows).toHaveLength(MIXED_ROWS.length);
    expect(page.total).toEqual({
      count: MIXED_ROWS.length,
      amountPaise: MIXED_ROWS.reduce((s, r) => s + r.amountPaise, 0),
    });
    expect(page.rows[0]!.account).toMatch(/^\*+\d{4}$/);
    const ravi = JSON.parse(results.sqlite.get('payee words')!.out[0]!) as HistoryPage;
    expect(ravi.rows.map((r) => r.payeeName)).toEqual(['Ravi Kumar', 'Ravi Kumar']);
    expect(results.sqlite.get('a page and its cursor')!.out.at(-1)).toMatch(/^More: --after /);
    expect(results.sqlite.get('the next page')!.out).toHaveLength(1 + 2 + 2);
    expect(results.sqlite.get('nothing matches')!.out.at(-1)).toBe('0 of 0 matching payouts; total ₹0.00');
    expect(results.sqlite.get('a bad flag')!.code).toBe(2);
  });

  it('on PostgreSQL the data folder gets no SQLite file', () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    expect(existsSync(join(pg.dataDir, DB_FILE))).toBe(false);
  });

  it('on SQLite a data folder without the database is still refused, never created', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cli-history-empty-'));
    try {
      const io = captureIo({ PAYOUT_DESK_DATA_DIR: empty });
      const code = await commands.find((c) => c.name === 'history')!.run(['--json'], io);
      expect(code).toBe(1);
      expect(JSON.parse(io.stdout[0]!).error.message).toContain('No Payout Desk history in');
      expect(existsSync(join(empty, DB_FILE))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
