import ExcelJS from 'exceljs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/context';
import { appendAuditOps } from '../../src/main/db/audit';
import { insertChunkOps } from '../../src/main/db/repos/batches-repo';
import { q, run, transaction, type Engine } from '../../src/main/db/store/ops';
import { setBankLedgerOps } from '../../src/main/services/accounting/tally-ledgers';
import { ENGINES } from '../support/test-store';
import { MIXED_ROWS, neutral, openEngineDesk, runOn, seedDeskOps, type EngineDesk } from './support/cli-engines';

/**
 * `audit-pack` on both engines (issue 13 point 3): the ZIP of a batch — export, confirmation, the audit-log slice
 * (batch, chunk and payout entries, picked out of the JSON data on either engine), the chain verdict, the Tally
 * file — holds the same content from the data folder's SQLite file and from PostgreSQL.
 */

type Outcome = { code: number; out: string[]; err: string[]; entries: Record<string, unknown> | null };

async function xlsxCells(bytes: Uint8Array): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

async function unpack(path: string): Promise<Record<string, unknown> | null> {
  if (!existsSync(path)) return null;
  const files = unzipSync(new Uint8Array(readFileSync(path)));
  const out: Record<string, unknown> = {};
  for (const [name, bytes] of Object.entries(files))
    out[name] = name.endsWith('.xlsx') ? await xlsxCells(bytes) : strFromU8(bytes);
  return out;
}

const CASES: { name: string; file: string; args: (out: string) => string[]; before?: 'ledger' | 'tamper' }[] = [
  { name: 'batch 1 without a bank ledger', file: 'a.zip', args: (o) => ['--batch', '1', '--out', o] },
  { name: 'batch 1 with the Tally file', file: 'b.zip', args: (o) => ['--batch', '1', '--out', o], before: 'ledger' },
  { name: 'batch 2, JSON', file: 'c.zip', args: (o) => ['--batch', '2', '--out', o, '--json'] },
  { name: 'no such batch', file: 'd.zip', args: (o) => ['--batch', '9', '--out', o] },
  { name: 'a tampered chain', file: 'e.zip', args: (o) => ['--batch', '1', '--out', o], before: 'tamper' },
];

const results: Record<Engine, Map<string, Outcome>> = { sqlite: new Map(), pg: new Map() };
const desks: EngineDesk[] = [];
const AT = '2026-03-02T05:00:00.000Z';

beforeAll(async () => {
  for (const engine of ENGINES) {
    const desk = await openEngineDesk(engine);
    desks.push(desk);
    const [b1, b2] = await desk.store.run(seedDeskOps(MIXED_ROWS));
    await desk.store.run(
      transaction(function* () {
        const chunk = yield* insertChunkOps({ batchId: b1!, seq: 1, batchTransactionId: 'BT0001' });
        const entry = (entity: string, entityId: string, action: string, data: Record<string, unknown>) =>
          appendAuditOps({ at: AT, entity, entityId, action, fromState: null, toState: null, data });
        yield* entry('batch', String(b1), 'confirm', { totalPaise: 2_53_001_00, rows: 4 });
        yield* entry('chunk', 'BT0001', 'send', { chunkId: chunk, rows: 4 });
        yield* entry('payout', 'ENG0000', 'result', { batchId: b1 });
        yield* entry('payout', 'ENG0001', 'result', { batchId: b2 });
        yield* entry('payout', 'ENG0002', 'result', { batchId: String(b1) }); // a string id is not the batch's number
        yield* entry('batch', String(b2), 'confirm', { totalPaise: 1 });
      }),
    );
    for (const c of CASES) {
      if (c.before === 'ledger') await desk.store.run(setBankLedgerOps('HDFC Current A/c', new Date(AT)));
      if (c.before === 'tamper') {
        // Hand-edited outside the app: the append-only trigger is bypassed the way each engine allows.
        if (engine === 'sqlite') await desk.store.run(run(q`DROP TRIGGER audit_log_no_update`));
        else await desk.store.run(run(q`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`));
        await desk.store.run(run(q`UPDATE audit_log SET data = ${'{"batchId":1,"edited":true}'} WHERE id = 3`));
      }
      const path = join(desk.outDir, c.file);
      const r = await runOn(desk, 'audit-pack', c.args(path));
      results[engine].set(c.name, {
        code: r.code,
        out: r.out.map((l) => neutral(desk, l)),
        err: r.err.map((l) => neutral(desk, l)),
        entries: await unpack(path),
      });
    }
  }
});
afterAll(async () => {
  for (const d of desks) await d.close();
});

describe('audit-pack: the same pack on SQLite and PostgreSQL', () => {
  it.each(CASES.map((c) => c.name))('%s', (name) => {
    expect(results.pg.get(name)).toEqual(results.sqlite.get(name));
  });

  it('the pack holds the seeded batch (not two equal mistakes)', () => {
    const a = results.sqlite.get('batch 1 without a bank ledger')!;
    expect(a.code).toBe(0);
    expect(a.out).toContain('Audit chain verified: intact.');
    const slice = JSON.parse(a.entries!['audit-log.json'] as string) as { entity: string; entityId: string }[];
    expect(slice.map((e) => `${e.entity}:${e.entityId}`)).toEqual(['batch:1', 'chunk:BT0001', 'payout:ENG0000']);
    expect(JSON.parse(a.entries!['confirmation.json'] as string)).toMatchObject({ typedTotalPaise: 2_53_001_00 });
    expect(a.entries!['tally.txt']).toContain('name the bank ledger');
    const b = results.sqlite.get('batch 1 with the Tally file')!;
    expect(b.entries!['tally.xml']).toContain('HDFC Current A/c');
    expect(JSON.parse(results.sqlite.get('batch 2, JSON')!.out[0]!)).toMatchObject({ chainOk: true, tally: true });
    expect(results.sqlite.get('no such batch')!.err.join('\n')).toContain('No such batch');
    const tampered = results.sqlite.get('a tampered chain')!;
    expect(tampered.out).toContain('Audit chain verification FAILED (see audit-chain.json).');
    expect(JSON.parse(tampered.entries!['audit-chain.json'] as string)).toMatchObject({ ok: false, brokenAtId: 3 });
  });

  it('on PostgreSQL the data folder gets no SQLite file', () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    expect(existsSync(join(pg.dataDir, DB_FILE))).toBe(false);
  });
});
