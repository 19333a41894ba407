import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliCommand } from '../../../src/cli/command';
import { commands } from '../../../src/cli/commands/index';
import { DATABASE_URL_ENV } from '../../../src/cli/database-url';
import { DB_FILE } from '../../../src/main/context';
import { insertBatchOps, refreshBatchTotalsOps } from '../../../src/main/db/repos/batches-repo';
import { insertPayoutOps } from '../../../src/main/db/repos/payouts-repo';
import { openDatabase } from '../../../src/main/db/open';
import type { Engine } from '../../../src/main/db/store/ops';
import { q, run, transaction, type Ops } from '../../../src/main/db/store/ops';
import { openPgStore, sqliteStore, type Store } from '../../../src/main/db/store/store';
import type { TransferMode } from '../../../src/shared/domain/payout';
import { captureIo } from '../../support/cli-io';
import { freshPgDatabase } from '../../support/pg-database';

/**
 * A desk for running CLI commands on either engine (issue 13 point 3): on SQLite a data folder holding the journal
 * file; on PostgreSQL a fresh database chosen through PAYOUT_DESK_DATABASE_URL and an empty data folder (so a test
 * can show no SQLite file was made). `store` seeds and reads the same database the command uses.
 */
export type EngineDesk = {
  engine: Engine;
  dataDir: string;
  /** A scratch folder for the command's output files. */
  outDir: string;
  env: NodeJS.ProcessEnv;
  store: Store;
  close(): Promise<void>;
};

export async function openEngineDesk(engine: Engine): Promise<EngineDesk> {
  const root = mkdtempSync(join(tmpdir(), `cli-${engine}-`));
  const dataDir = join(root, 'data');
  const outDir = join(root, 'out');
  for (const d of [dataDir, outDir]) mkdirSync(d);
  if (engine === 'sqlite') {
    const db = openDatabase({ file: join(dataDir, DB_FILE) });
    return {
      engine,
      dataDir,
      outDir,
      env: { PAYOUT_DESK_DATA_DIR: dataDir },
      store: sqliteStore(db),
      close: async () => {
        db.close();
        rmSync(root, { recursive: true, force: true });
      },
    };
  }
  const fresh = await freshPgDatabase();
  const store = await openPgStore(fresh.pool);
  return {
    engine,
    dataDir,
    outDir,
    env: { PAYOUT_DESK_DATA_DIR: dataDir, [DATABASE_URL_ENV]: fresh.url },
    store,
    close: async () => {
      await fresh.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export type CliRun = { code: number; out: string[]; err: string[] };

/**
 * `name`'s `run(args, io)` as `commands` wires it (with --database-url handling), on the desk's database; or a
 * command object itself (unwrapped: it still finds PostgreSQL through PAYOUT_DESK_DATABASE_URL in its env).
 */
export async function runOn(desk: EngineDesk, name: string | CliCommand, args: string[]): Promise<CliRun> {
  const command = typeof name === 'string' ? commands.find((c) => c.name === name) : name;
  if (!command) throw new Error(`no command ${String(name)}`);
  const io = captureIo({ ...desk.env });
  const code = await command.run(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

/** Text with the desk's own folders written as placeholders, so both engines' output compares equal. */
export function neutral(desk: EngineDesk, text: string): string {
  return text.split(desk.outDir).join('<out>').split(desk.dataDir).join('<data>');
}

export type SeedRow = {
  payeeName: string | null;
  mode: TransferMode;
  amountPaise: number;
  state: string;
  account?: string | null;
  vpa?: string | null;
  utr?: string | null;
};

export const SEED_AT = '2026-03-02T06:30:00.000Z';

/**
 * Two batches of payouts in final states, every time fixed, inserted the same way on both engines. The outcome
 * columns are set straight: these tests read what the journal left, they do not replay it.
 */
export function* seedDeskOps(rows: readonly SeedRow[], opts: { batches?: number } = {}): Ops<number[]> {
  return yield* transaction(function* () {
    const ids: number[] = [];
    for (let b = 0; b < (opts.batches ?? 2); b++) {
      ids.push(
        yield* insertBatchOps({
          importId: null,
          parentBatchId: null,
          name: `Batch ${b + 1}`,
          environment: 'sandbox',
          kind: 'sheet',
          createdAt: SEED_AT,
        }),
      );
    }
    for (const [i, r] of rows.entries()) {
      const batchId = ids[i % ids.length]!;
      const at = new Date(Date.parse(SEED_AT) + i * 3_600_000).toISOString();
      const id = yield* insertPayoutOps({
        batchId,
        chunkId: null,
        rowNumber: Math.floor(i / ids.length) + 2,
        transactionId: `ENG${String(i).padStart(4, '0')}`,
        payeeName: r.payeeName,
        accountNumber: r.mode === 'UPI' ? null : (r.account ?? `50100000${String(1000 + i)}`),
        ifsc: r.mode === 'UPI' ? null : 'HDFC0000001',
        vpa: r.mode === 'UPI' ? (r.vpa ?? `payee${i}@ybl`) : null,
        amountPaise: r.amountPaise,
        mode: r.mode,
        remark: `Row ${i}`,
        state: 'DRAFT',
        createdAt: at,
      });
      const final = r.state === 'SUCCESS' || r.state === 'FAILED' || r.state === 'REVERSED';
      yield* run(q`UPDATE payouts SET state = ${r.state}, utr = ${r.utr ?? null}, enkash_transaction_id = ${`EK${i}`},
        sent_at = ${at}, accepted_at = ${at}, final_at = ${final ? at : null}, updated_at = ${at} WHERE id = ${id}`);
    }
    for (const id of ids) yield* refreshBatchTotalsOps(id);
    return ids;
  });
}

/** A mix of states, modes and payees: paid, failed, reversed, pending, a UPI row and a payee without a name. */
export const MIXED_ROWS: readonly SeedRow[] = [
  { payeeName: 'Ravi Kumar', mode: 'IMPS', amountPaise: 1_500_00, state: 'SUCCESS', utr: 'UTR0001' },
  { payeeName: 'Sneha Das', mode: 'NEFT', amountPaise: 25_000_00, state: 'FAILED' },
  { payeeName: 'M/s Ramesh & Sons', mode: 'RTGS', amountPaise: 2_50_000_00, state: 'SUCCESS', utr: 'UTR0003' },
  { payeeName: 'meena sharma', mode: 'UPI', amountPaise: 999, state: 'REVERSED', utr: 'UTR0004' },
  { payeeName: 'Ravi Kumar', mode: 'IMPS', amountPaise: 1_500_00, state: 'PENDING' },
  { payeeName: "O'Brien D'Souza", mode: 'NEFT', amountPaise: 12_345_67, state: 'SUCCESS', utr: 'UTR0006' },
  { payeeName: 'Kumaraswamy', mode: 'IMPS', amountPaise: 100, state: 'UNKNOWN' },
];
