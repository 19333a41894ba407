import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/context';
import { verifyAuditChainOps } from '../../src/main/db/audit';
import { all, q, run } from '../../src/main/db/store/ops';
import type { Engine } from '../../src/main/db/store/ops';
import { settleCommand } from '../../src/cli/commands/settle';
import { ENGINES } from '../support/test-store';
import { openEngineDesk, runOn, seedDeskOps, type CliRun, type EngineDesk } from './support/cli-engines';

/**
 * `settle` on both engines (issue 13 point 3): a person's decision on a CONFLICT or UNKNOWN payout moves the same
 * rows the same way, with the same audit entries (and an intact chain), on the data folder's SQLite file and on
 * PostgreSQL; refusals read the same. (PostgreSQL refused "not-ours" once: the journal's UPDATE assigned
 * searched_at twice, which SQLite allows — so every step is compared, that one included.)
 */

const THEIRS = JSON.stringify({
  amountPaise: 999_00,
  beneficiaryId: null,
  accountNumber: '99887766554433',
  ifsc: 'SBIN0000001',
  vpa: null,
  mode: 'NEFT',
  status: 'SUCCESS',
  enkashTransactionId: 'EK9',
  createdOn: null,
  fields: ['amount', 'accountNumber'],
});

const STEPS: { name: string; args: string[] }[] = [
  {
    name: 'paid on an UNKNOWN row',
    args: ['--id', 'ENG0000', '--action', 'paid', '--reason', 'UTR seen on the statement'],
  },
  {
    name: 'not-paid on an UNKNOWN row, JSON',
    args: ['--id', 'ENG0001', '--action', 'not-paid', '--reason', 'EnKash says never received', '--json'],
  },
  {
    name: 'adopt a CONFLICT row',
    args: ['--id', 'ENG0002', '--action', 'adopt', '--reason', 'Checked with EnKash: ours'],
  },
  {
    name: 'not-ours on a CONFLICT row, JSON',
    args: ['--id', 'ENG0003', '--action', 'not-ours', '--reason', 'Another payee', '--json'],
  },
  {
    name: 'paid on a row already settled',
    args: ['--id', 'ENG0000', '--action', 'paid', '--reason', 'again, by mistake'],
  },
  { name: 'no such payout', args: ['--id', 'NOPE1', '--action', 'paid', '--reason', 'who is this'] },
  { name: 'a reason too short', args: ['--id', 'ENG0001', '--action', 'paid', '--reason', 'ok'] },
  { name: 'a bad action', args: ['--id', 'ENG0001', '--action', 'pay', '--reason', 'typo'] },
];

type After = { runs: Record<string, CliRun>; rows: unknown[]; audit: unknown[]; chainOk: boolean };
const after: Partial<Record<Engine, After>> = {};
const desks: EngineDesk[] = [];

/** The fresh id a not-ours settle draws is random: the same placeholder on both engines. */
function neutralIds(text: string, fresh: string[]): string {
  return fresh.reduce((t, id) => t.split(id).join('<new id>'), text);
}

beforeAll(async () => {
  for (const engine of ENGINES) {
    const desk = await openEngineDesk(engine);
    desks.push(desk);
    await desk.store.run(
      seedDeskOps(
        [
          { payeeName: 'Ravi Kumar', mode: 'IMPS', amountPaise: 1_500_00, state: 'UNKNOWN' },
          { payeeName: 'Sneha Das', mode: 'NEFT', amountPaise: 2_000_00, state: 'UNKNOWN' },
          { payeeName: 'Asha Rao', mode: 'NEFT', amountPaise: 999_00, state: 'CONFLICT' },
          { payeeName: 'Vikram Singh', mode: 'NEFT', amountPaise: 100_00, state: 'CONFLICT' },
        ],
        { batches: 1 },
      ),
    );
    await desk.store.run(run(q`UPDATE payouts SET conflict = ${THEIRS}, accepted_at = NULL WHERE state = 'CONFLICT'`));
    const runs: Record<string, CliRun> = {};
    for (const s of STEPS) runs[s.name] = await runOn(desk, settleCommand, s.args);
    const rows = await desk.store.run(
      all<{ transactionId: string }>(
        q`SELECT row_number AS "rowNumber", transaction_id AS "transactionId", state, flag,
            previous_transaction_ids AS "previousTransactionIds" FROM payouts ORDER BY id`,
      ),
    );
    const fresh = rows.map((r) => r.transactionId).filter((id) => !id.startsWith('ENG'));
    const audit = await desk.store.run(
      all<Record<string, unknown>>(
        q`SELECT entity, entity_id AS "entityId", action, from_state AS "fromState", to_state AS "toState", data
          FROM audit_log ORDER BY id`,
      ),
    );
    const chain = await desk.store.run(verifyAuditChainOps());
    after[engine] = {
      runs: Object.fromEntries(
        Object.entries(runs).map(([k, r]) => [
          k,
          { code: r.code, out: r.out.map((l) => neutralIds(l, fresh)), err: r.err.map((l) => neutralIds(l, fresh)) },
        ]),
      ),
      rows: JSON.parse(neutralIds(JSON.stringify(rows), fresh)),
      audit: JSON.parse(neutralIds(JSON.stringify(audit), fresh)),
      chainOk: chain.ok,
    };
  }
});
afterAll(async () => {
  for (const d of desks) await d.close();
});

describe('settle: the same decisions on SQLite and PostgreSQL', () => {
  it.each(STEPS.map((s) => s.name))('%s', (name) => {
    expect(after.pg!.runs[name]).toEqual(after.sqlite!.runs[name]);
  });

  it('the CLI runs settle on PostgreSQL through --database-url', async () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    const r = await runOn(pg, 'settle', STEPS[0]!.args);
    expect(r.err.join('\n')).not.toContain('does not run on PostgreSQL');
    expect(r.err.join('\n')).toContain('payout #1 is SUCCESS');
    expect(r.code).toBe(1); // settled already, above: refused the same way as on SQLite
  });

  it('the rows and their audit entries end the same, the chain intact', () => {
    expect(after.pg!.rows).toEqual(after.sqlite!.rows);
    expect(after.pg!.audit).toEqual(after.sqlite!.audit);
    expect(after.sqlite!.chainOk).toBe(true);
    expect(after.pg!.chainOk).toBe(true);
  });

  it('the outcomes are the settled ones (not two equal mistakes)', () => {
    const s = after.sqlite!;
    expect(s.runs['paid on an UNKNOWN row']!.code).toBe(0);
    expect(s.runs['paid on an UNKNOWN row']!.out[0]).toBe('Payout ENG0000 (paid): now SUCCESS.');
    const notOurs = JSON.parse(s.runs['not-ours on a CONFLICT row, JSON']!.out[0]!);
    expect(notOurs).toMatchObject({ state: 'READY', previousTransactionId: 'ENG0003', transactionId: '<new id>' });
    expect(s.runs['paid on a row already settled']!.code).toBe(1);
    expect(s.runs['no such payout']!.err.join('\n')).toContain('No payout with transaction id NOPE1');
    expect(s.runs['a bad action']!.code).toBe(2);
    expect(s.audit.filter((a) => (a as { action: string }).action === 'settle')).toHaveLength(4);
  });

  it('on PostgreSQL the data folder gets no SQLite file', () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    expect(existsSync(join(pg.dataDir, DB_FILE))).toBe(false);
  });
});
