import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/context';
import { createEnkashClient } from '../../src/main/enkash/client';
import type { DiagnosticReport } from '../../src/main/enkash/diagnose';
import type { Engine } from '../../src/main/db/store/ops';
import { DEFAULT_API_PROFILE } from '../../src/shared/settings/api-profile';
import { SANDBOX_DEMO, startSandbox, type SandboxHandle } from '../../src/main/sandbox/index';
import { ENGINES } from '../support/test-store';
import { openEngineDesk, runOn, seedDeskOps, type EngineDesk } from './support/cli-engines';

/**
 * `diagnose` on both engines (issue 13 point 3): without --transaction-id it proves Search Payouts with the newest
 * payout the journal knows landed in the environment — read from the data folder's SQLite file or from PostgreSQL —
 * and the report is the same on both.
 */

let sandbox: SandboxHandle;
const desks: EngineDesk[] = [];
const reports: Partial<Record<Engine, { code: number; report: DiagnosticReport & { environment: string } }>> = {};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  const client = createEnkashClient({
    baseUrl: sandbox.url,
    profile: DEFAULT_API_PROFILE,
    credentials: async () => ({ ...SANDBOX_DEMO }),
  });
  await client.createBeneficiary({ beneficiaryId: 'BENENG01', name: 'Ravi Kumar', vpa: 'ravi@okaxis' });
  // The seed names its rows ENG0000, ENG0001, …: the newest accepted one is what diagnose must pick.
  for (const id of ['ENG0000', 'ENG0001'])
    await client.createPayout({ transactionId: id, amountPaise: 1000, mode: 'UPI', beneficiaryId: 'BENENG01' });
  await client.createWebhook({ webhookUrl: 'https://hooks.example.com/x', events: ['PAYOUT_SUCCESS'] });
  for (const engine of ENGINES) {
    const desk = await openEngineDesk(engine);
    desks.push(desk);
    await desk.store.run(
      seedDeskOps(
        [
          { payeeName: 'Ravi Kumar', mode: 'UPI', amountPaise: 1000, state: 'SUCCESS' },
          { payeeName: 'Ravi Kumar', mode: 'UPI', amountPaise: 1000, state: 'PENDING' },
        ],
        { batches: 1 },
      ),
    );
    const r = await runOn(desk, 'diagnose', ['--env', 'sandbox', '--base-url', sandbox.url, '--json']);
    reports[engine] = { code: r.code, report: JSON.parse(r.out[0]!) };
  }
});
afterAll(async () => {
  for (const d of desks) await d.close();
  await sandbox?.close();
});

const shape = (r: DiagnosticReport) => r.calls.map((c) => [c.call, c.outcome, c.detail]);

describe('diagnose: the same report on SQLite and PostgreSQL', () => {
  it('Search Payouts is proven with the newest landed payout of the journal, on both', () => {
    for (const engine of ENGINES) {
      const { code, report } = reports[engine]!;
      expect(code, JSON.stringify(shape(report))).toBe(0);
      expect(report.environment).toBe('sandbox');
      expect(report.calls.find((c) => c.call === 'searchPayouts')!.detail, engine).toContain('found ENG0001');
    }
  });

  it('every call has the same outcome and detail', () => {
    expect(shape(reports.pg!.report)).toEqual(shape(reports.sqlite!.report));
    expect(reports.pg!.report.detectedDerivation).toBe(reports.sqlite!.report.detectedDerivation);
  });

  it('on PostgreSQL the data folder gets no SQLite file', () => {
    const pg = desks.find((d) => d.engine === 'pg')!;
    expect(existsSync(join(pg.dataDir, DB_FILE))).toBe(false);
  });
});
