import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/domain/errors';
import { exportHistory } from '../../../src/main/services/exports/jobs';
import { withPrivateTempDir, writeAtomically } from '../../../src/main/services/exports/atomic-file';
import { openTestDb, seedVaried, type TestDb } from '../history/seed';

/**
 * Issue 10 point 5: an export streams straight to the path the user chose, through a temp file in the SAME
 * folder renamed at the end, so the final name only ever holds a complete file; a cancel or a failure leaves
 * neither the file nor its temp behind.
 */

let t: TestDb;
let out: string;
beforeEach(() => {
  t = openTestDb();
  out = mkdtempSync(join(tmpdir(), 'chosen-'));
});
afterEach(() => {
  t.close();
  rmSync(out, { recursive: true, force: true });
});

describe.each(['csv', 'xlsx'] as const)('%s export job at a chosen path', (format) => {
  it('writes into a temp file beside the target; the final name appears only when complete', async () => {
    seedVaried(t.db, 1200, 4);
    const path = join(out, `payouts-2026-12-03.${format}`);
    const seen: { final: boolean; temps: string[] }[] = [];
    const result = await exportHistory(
      t.db,
      { filters: {} },
      {
        format,
        path,
        pageSize: 200,
        onProgress: (p) => {
          if (p.written > 0) seen.push({ final: existsSync(path), temps: readdirSync(out) });
        },
      },
    );
    expect(result.rows).toBe(1200);
    expect(seen.length).toBeGreaterThan(2);
    const temp = new RegExp(`^\\.payouts-2026-12-03\\.${format}\\.[0-9a-f]+\\.partial$`);
    for (const s of seen) {
      expect(s.final).toBe(false);
      // At most one hidden temp file, in the same folder (so the rename never crosses a file system); the
      // stream opens it asynchronously, so the very first report may come before it exists.
      expect(s.temps.length).toBeLessThanOrEqual(1);
      for (const name of s.temps) expect(name).toMatch(temp);
    }
    expect(seen.filter((s) => s.temps.length === 1).length).toBeGreaterThan(1);
    expect(readdirSync(out)).toEqual([`payouts-2026-12-03.${format}`]);
    expect(statSync(path).size).toBeGreaterThan(1000);
  });

  it('cancel leaves no file and no temp', async () => {
    seedVaried(t.db, 1200, 4);
    const abort = new AbortController();
    const path = join(out, `cancel.${format}`);
    const error = await exportHistory(
      t.db,
      { filters: {} },
      {
        format,
        path,
        pageSize: 200,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.written >= 400) abort.abort();
        },
      },
    ).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('cancelled');
    expect(readdirSync(out)).toEqual([]);
  });

  it('a failing write leaves no temp behind and keeps an older file of that name untouched', async () => {
    seedVaried(t.db, 1200, 4);
    const path = join(out, `fail.${format}`);
    await exportHistory(t.db, { filters: {} }, { format, path, pageSize: 600 });
    const before = readFileSync(path);
    const error = await exportHistory(
      t.db,
      { filters: {} },
      {
        format,
        path,
        pageSize: 200,
        onProgress: (p) => {
          if (p.written >= 400) throw new Error('disk full');
        },
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('disk full');
    expect(readdirSync(out)).toEqual([`fail.${format}`]);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('atomic file helpers', () => {
  it('writeAtomically renames on success and deletes the temp on failure', async () => {
    const path = join(out, 'a.txt');
    await writeAtomically(path, async (temp) => {
      expect(temp.startsWith(join(out, '.a.txt.'))).toBe(true);
      await import('node:fs/promises').then((fs) => fs.writeFile(temp, 'done'));
    });
    expect(readFileSync(path, 'utf8')).toBe('done');
    await expect(
      writeAtomically(join(out, 'b.txt'), async (temp) => {
        await import('node:fs/promises').then((fs) => fs.writeFile(temp, 'half'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readdirSync(out)).toEqual(['a.txt']);
  });

  it('withPrivateTempDir gives a 0700 folder and deletes it afterwards, even on failure', async () => {
    let seen = '';
    await expect(
      withPrivateTempDir('pack-', async (work) => {
        seen = work;
        if (process.platform !== 'win32') expect(statSync(work).mode & 0o777).toBe(0o700);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
  });
});
