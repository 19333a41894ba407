import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../../vitest.config';

// Issue 10 point 8: one name per meaning and one meaning per name, so a reader who finds a name once knows it.
const ROOT = join(__dirname, '../../..');

function files(dir: string, ending = /\.tsx?$/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p, ending);
    return ending.test(e.name) ? [p] : [];
  });
}

const SOURCES = files(join(ROOT, 'src')).map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));

/**
 * Files that give `name` a meaning others can reach: an exported function or constant, or a member (an IPC
 * command, a handler method). Local variables are their own business.
 */
function definersOf(name: string): string[] {
  const re = new RegExp(
    `(?:^export\\s+(?:async\\s+)?(?:function\\s+|const\\s+)${name}\\b|^\\s+(?:async\\s+)?${name}\\s*(?:\\([^)]*\\)\\s*\\{|:))`,
    'm',
  );
  return SOURCES.filter((s) => re.test(s.text)).map((s) => s.file);
}

describe('names that clash', () => {
  it('formatIst is the sortable IST form of shared/domain/ist.ts only (the screens have formatIstForScreen)', () => {
    expect(definersOf('formatIst')).toEqual(['src/shared/domain/ist.ts']);
  });

  it('paise → decimal text has one name: no module wraps paiseToDecimal under another', () => {
    const wrapper = /function\s+(\w+)\s*\([^)]*\)[^{]*\{\s*return\s+paiseToDecimal\(\w+\);\s*\}/g;
    const wrappers = SOURCES.flatMap((s) => [...s.text.matchAll(wrapper)].map((m) => `${s.file}: ${m[1]}`));
    expect(wrappers).toEqual([]);
  });

  it('the prepared-statement cache is not called statements.ts (that word is for bank statements)', () => {
    const names = files(join(ROOT, 'src/main/db')).map((f) => relative(ROOT, f));
    expect(names.filter((f) => /statements?\.ts$/.test(f))).toEqual([]);
    expect(readFileSync(join(ROOT, 'src/main/db/prepared-cache.ts'), 'utf8')).toMatch(/export function stmt\(/);
  });

  it('"check now" has a name per action: chosen rows (checkRowsNow) and every open row (checkAllOpenRows)', () => {
    expect(definersOf('checkNow')).toEqual([]);
    expect(definersOf('checkRowsNow').filter((f) => f.startsWith('src/main/services'))).toEqual([
      'src/main/services/history/aging.ts',
    ]);
  });
});

describe('the Electron stand-in', () => {
  it('lives in one test folder, which the vitest alias points into', () => {
    const projects = (config as { test: { projects: { resolve: { alias: Record<string, string> } }[] } }).test.projects;
    for (const p of projects) {
      expect(relative(ROOT, p.resolve.alias.electron!)).toBe('test/support/electron-stub/vitest-electron.ts');
    }
    expect(existsSync(join(ROOT, 'test/stubs'))).toBe(false);
    expect(existsSync(join(ROOT, 'test/support/electron-stub/register.mjs'))).toBe(true);
  });
});
