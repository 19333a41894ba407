import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 10 point 8: a repository function nobody calls still has to be read, kept in step with the schema and
// trusted by the next person; main/db exports only what some other module uses.
const ROOT = join(__dirname, '../../..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(tsx?|mjs)$/.test(e.name) ? [p] : [];
  });
}

describe('main/db exports', () => {
  it('every exported function and constant of src/main/db is used outside its own file', () => {
    const everything = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'test'))].map((f) => ({
      file: f,
      text: readFileSync(f, 'utf8'),
    }));
    const unused: string[] = [];
    for (const dbFile of files(join(ROOT, 'src/main/db'))) {
      const text = readFileSync(dbFile, 'utf8');
      for (const m of text.matchAll(/^export\s+(?:async\s+)?(?:function|const|class)\s+(\w+)/gm)) {
        const name = m[1]!;
        const used = new RegExp(`\\b${name}\\b`);
        if (!everything.some((o) => o.file !== dbFile && used.test(o.text))) {
          unused.push(`${relative(ROOT, dbFile)}: ${name}`);
        }
      }
    }
    expect(unused).toEqual([]);
  });
});
