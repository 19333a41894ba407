import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateBytes } from '../../../src/cli/commands/validate';
import { commands } from '../../../src/cli/commands/index';
import { runCli } from '../../../src/cli/main';
import { DEFAULT_API_PROFILE } from '../../../src/shared/settings/api-profile';
import { detectSheetKind, parseSheetBytes, suggestMapping, validateSheet } from '../../../src/shared/sheet/index';
import { fixture, sheetOf } from './helpers';
import { builtCli } from '../../support/built-cli';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixturePath = (name: string) => join(root, 'test/fixtures', name);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} }, out, err };
}

async function cli(args: string[]) {
  const c = capture();
  const code = await runCli(['validate', ...args], c.io, commands);
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}

/** What the renderer does with the same file (parse in the worker, detect, map, validate). */
async function rendererIssues(name: string) {
  const sheet = sheetOf(await parseSheetBytes(fixture(name), name));
  const kind = detectSheetKind(sheet.headers);
  const result = validateSheet(sheet, suggestMapping(sheet.headers, kind), kind, {
    modeLimits: DEFAULT_API_PROFILE.modeLimits,
  });
  return result.issues.map(({ row, column, code, severity, message }) => ({ row, column, code, severity, message }));
}

describe('npm run cli -- validate', () => {
  it("a spawned CLI gives exactly the renderer pipeline's issues for the same fixtures", async () => {
    for (const name of ['payouts-mixed.csv', 'payouts-excel-damage.xlsx']) {
      const cli = builtCli(['validate', fixturePath(name), '--json']);
      const child = spawnSync(cli.command, cli.args, {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(child.status, child.stderr).toBe(1);
      const json = JSON.parse(child.stdout);
      expect(json.issues).toEqual(await rendererIssues(name));
      expect(Object.keys(json)).toEqual(['kind', 'rows', 'validRows', 'invalidRows', 'totalPaise', 'issues']);
    }
  }, 120_000);

  it("--json reports the mixed sheet's counts; exit 1 because some rows have errors", async () => {
    const { code, out } = await cli([fixturePath('payouts-mixed.csv'), '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      kind: 'payouts',
      rows: 20,
      validRows: 7,
      invalidRows: 13,
      totalPaise: 28741300,
    });
  });

  it('exit 0 when only warnings remain, with a human summary', async () => {
    const { code, out } = await cli([fixturePath('payouts-bom-crlf.csv')]);
    expect(code).toBe(0);
    expect(out).toContain('rows 3 · valid 3 · with errors 0');
    expect(out).toContain('total ₹2,49,413.25');
    const warnOnly = await validateBytes(
      new TextEncoder().encode('Name,Account Number,IFSC,Amount\nRavi,12345678,SBIN0000300,100\n'),
      'w.csv',
    );
    expect(warnOnly.exitCode).toBe(0);
    expect('issues' in warnOnly.json && warnOnly.json.issues.map((i) => i.code)).toEqual(['account_unusual']);
  });

  it('--kind overrides detection; a missing required column is exit 2 with {error}', async () => {
    const asBeneficiaries = await cli([fixturePath('missing-amount.csv'), '--json']);
    expect(asBeneficiaries.code).toBe(0);
    expect(JSON.parse(asBeneficiaries.out).kind).toBe('beneficiaries');
    const asPayouts = await cli([fixturePath('missing-amount.csv'), '--kind', 'payouts', '--json']);
    expect(asPayouts.code).toBe(2);
    expect(JSON.parse(asPayouts.out)).toEqual({
      error: {
        code: 'required_column_missing',
        message: 'The payout sheet needs a column for: Amount. Columns found: Name, Account Number, IFSC, Remarks.',
      },
    });
  });

  it('file-level problems and bad usage exit 2', async () => {
    const empty = await cli([fixturePath('header-only.csv'), '--json']);
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.out).error.code).toBe('file_empty');
    const missing = await cli([fixturePath('does-not-exist.csv'), '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.out).error).toEqual({
      code: 'file_unreadable',
      message: expect.stringContaining('no such file'),
    });
    expect((await cli([fixturePath('old-excel.xls')])).err).toMatch(/\.xls.*\[file_unsupported\]/);
    expect((await cli([])).code).toBe(2);
    expect((await cli([fixturePath('payouts-mixed.csv'), '--kind', 'refunds'])).code).toBe(2);
    expect((await cli([fixturePath('payouts-mixed.csv'), '--verbose'])).code).toBe(2);
    const usage = await cli(['a.csv', 'b.csv', '--json']);
    expect(JSON.parse(usage.out).error.code).toBe('invalid_usage');
  });

  it('a folder instead of a file is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    try {
      writeFileSync(join(dir, 'x.csv'), '');
      const r = await cli([dir, '--json']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.out).error.message).toContain('folder');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
