import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createBalanceCommand } from '../../src/cli/commands/balance';
import { createBeneficiariesCommand } from '../../src/cli/commands/beneficiaries';
import { createSubmitCommand } from '../../src/cli/commands/submit';
import { DB_FILE } from '../../src/main/context';
import { createEnkashClient } from '../../src/main/enkash/client';
import { SANDBOX_DEMO } from '../../src/main/sandbox/index';
import { DEFAULT_API_PROFILE } from '../../src/shared/settings/api-profile';
import { createTestApp } from '../support/test-app';
import { createTestContext } from '../support/test-context';
import { makeRows, sumPaise } from './support/journal-harness';
import { builtCli } from '../support/built-cli';
import { captureIo } from '../support/cli-io';

/** Issue 10 point 3 (first half): one runtime for the app and the CLI, one Sandbox per data folder. */

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'payout-one-runtime-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${++n}`);

// XDG_CONFIG_HOME keeps the default data folder (used when a test forgets --data-dir) out of $HOME.
const io = () => captureIo({ XDG_CONFIG_HOME: root });

async function balanceOf(dataDir: string): Promise<number> {
  const t = io();
  expect(await createBalanceCommand().run(['--json', '--data-dir', dataDir], t), t.stderr.join('\n')).toBe(0);
  return (JSON.parse(t.stdout[0]!) as { totalBalancePaise: number }).totalBalancePaise;
}

function sheet(name: string, rows: ReturnType<typeof makeRows>): string {
  const file = join(root, name);
  const lines = ['Beneficiary Name,A/c No,IFSC Code,UPI ID,Amount (Rs),Narration'];
  for (const { values: v } of rows)
    lines.push([v.name, v.accountNumber ?? '', v.ifsc ?? '', v.vpa ?? '', v.amount, v.remark].join(','));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('CLI commands on one data folder see one Sandbox ledger', () => {
  it('balance, submit a batch in the Sandbox, balance again: it dropped by the batch total', async () => {
    const dataDir = freshDir();
    const rows = makeRows(3, 17);
    const before = await balanceOf(dataDir);
    const t = io();
    const code = await createSubmitCommand().run(
      [sheet('three.csv', rows), '--yes', '--json', '--data-dir', dataDir, '--poll-ms', '20', '--grace-ms', '50'],
      t,
    );
    expect(code, t.stderr.join('\n')).toBe(0);
    expect(JSON.parse(t.stdout[0]!)).toMatchObject({ accepted: 3, totalPaise: sumPaise(rows) });
    expect(await balanceOf(dataDir)).toBe(before - sumPaise(rows));

    // Another process on the same folder reads the same (persisted) ledger.
    const cli = builtCli(['balance', '--json', '--data-dir', dataDir]);
    const child = spawnSync(cli.command, cli.args, {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: root },
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout).totalBalancePaise).toBe(before - sumPaise(rows));
  });

  it('CLI balance records the check in the data folder history, as the app does', async () => {
    const dataDir = freshDir();
    const paise = await balanceOf(dataDir);
    const db = new Database(join(dataDir, DB_FILE), { readonly: true });
    try {
      expect(db.prepare('SELECT environment, balance_paise FROM balance_checks').all()).toEqual([
        { environment: 'sandbox', balance_paise: paise },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('processes on one data folder share its one Sandbox', () => {
  it('while `sandbox --data-dir` runs, a submit pays into it; after it stops, the next command takes over', async () => {
    const dataDir = freshDir();
    const cli = builtCli(['sandbox', '--data-dir', dataDir, '--port', '0']);
    const child = spawn(cli.command, cli.args, {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const first = await new Promise<string>((done, fail) => {
        createInterface({ input: child.stdout! }).once('line', done);
        child.once('exit', () => fail(new Error('sandbox exited before listening')));
      });
      const url = first.replace(/^listening /, '');
      const direct = createEnkashClient({
        baseUrl: url,
        profile: { ...DEFAULT_API_PROFILE, fundSourceId: SANDBOX_DEMO.fundSourceId },
        credentials: async () => ({ ...SANDBOX_DEMO }),
      });
      const before = (await direct.getBalance()).totalBalancePaise;
      const rows = makeRows(2, 23);
      const t = io();
      const args = [sheet('two.csv', rows), '--yes', '--json', '--data-dir', dataDir, '--poll-ms', '20'];
      expect(await createSubmitCommand().run([...args, '--grace-ms', '50'], t), t.stderr.join('\n')).toBe(0);
      expect((await direct.getBalance()).totalBalancePaise).toBe(before - sumPaise(rows));

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await balanceOf(dataDir)).toBe(before - sumPaise(rows));
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('the app and the CLI share the Sandbox and the services', () => {
  it('two contexts on one data folder in one process talk to the same Sandbox', async () => {
    const dataDir = freshDir();
    const a = createTestContext({ dataDir });
    const b = createTestContext({ dataDir });
    try {
      const { client: clientA } = await a.enkash.session();
      const { client: clientB } = await b.enkash.session();
      await clientA.createBeneficiary({ beneficiaryId: 'BENONE01', name: 'Asha Rao', vpa: 'asha@okaxis' });
      expect((await clientB.searchBeneficiaries({ beneficiaryId: 'BENONE01' })).map((x) => x.name)).toEqual([
        'Asha Rao',
      ]);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  it('the app handler and the CLI command answer a beneficiary search the same way', async () => {
    const dataDir = freshDir();
    const app = await createTestApp({ dataDir });
    try {
      const { client } = await app.ctx.enkash.session();
      // "KUMAR" is one beneficiary's id and part of another one's name: the search finds both.
      await client.createBeneficiary({ beneficiaryId: 'KUMAR', name: 'Asha Rao', vpa: 'asha@okaxis' });
      await client.createBeneficiary({ beneficiaryId: 'BENX02', name: 'Ravi Kumar', vpa: 'ravi@okaxis' });
      const fromApp = await app.handlers.searchBeneficiaries({ query: 'KUMAR' });
      expect(fromApp.map((b) => b.beneficiaryId).sort()).toEqual(['BENX02', 'KUMAR']);
      const t = io();
      expect(await createBeneficiariesCommand().run(['search', 'KUMAR', '--json', '--data-dir', dataDir], t)).toBe(0);
      const fromCli = (JSON.parse(t.stdout[0]!) as { beneficiaries: { beneficiaryId: string }[] }).beneficiaries;
      expect(fromCli.map((b) => b.beneficiaryId).sort()).toEqual(['BENX02', 'KUMAR']);
    } finally {
      await app.cleanup();
    }
  });
});
