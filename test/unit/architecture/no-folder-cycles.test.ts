import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Issue 10 point 3: no folder imports another that imports it back, directly or around a ring (DESIGN.md
 * "No cycles"). A ring is how journal ↔ submission ↔ reconcile grew: each step looked harmless, and the result was
 * a bottom layer that could not be read, tested or moved without the two above it. ESLint's per-layer rules
 * only forbid known edges; this looks at the whole graph, so a new ring anywhere is caught too.
 *
 * Granularity: a module is its folder two levels under src (src/main/db, src/shared/domain, src/cli/commands),
 * the services one level deeper (src/main/services/journal, …/submission, …), and a file sitting directly in
 * src/<area> or src/main/services is a module of its own (src/main/context.ts, services/lifecycle.ts) — it is a
 * file, not a folder. Every specifier counts, type-only ones too: a type import is still a dependency of the
 * design, and the ring this test was written against ran partly through types.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SRC = join(ROOT, 'src');

type Edge = { from: string; to: string; files: Set<string> };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `src/main/services/journal/send.ts` → `src/main/services/journal`; `src/main/context.ts` → `src/main/context`. */
function moduleOf(repoPath: string): string {
  const parts = repoPath.replace(/\.(ts|tsx|js|mjs|cjs)$/, '').split('/');
  const depth = parts[1] === 'main' && parts[2] === 'services' ? 4 : 3;
  return parts.slice(0, depth).join('/');
}

/** Every relative specifier of a file: static imports and re-exports (type-only too) and dynamic import(). */
function specifiers(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.'));
}

function moduleGraph(): Map<string, Map<string, Edge>> {
  const graph = new Map<string, Map<string, Edge>>();
  for (const file of sourceFiles(SRC)) {
    const repoFile = relative(ROOT, file).split(sep).join('/');
    const from = moduleOf(repoFile);
    for (const spec of specifiers(file)) {
      const target = relative(ROOT, normalize(join(dirname(file), spec)))
        .split(sep)
        .join('/');
      if (!target.startsWith('src/')) continue;
      const to = moduleOf(target);
      if (to === from) continue;
      const out = graph.get(from) ?? new Map<string, Edge>();
      graph.set(from, out);
      const edge = out.get(to) ?? { from, to, files: new Set<string>() };
      out.set(to, edge);
      edge.files.add(repoFile);
    }
  }
  return graph;
}

/** Strongly connected components with more than one module (Tarjan): each one is a ring. */
function rings(graph: Map<string, Map<string, Edge>>, keep: (module: string) => boolean): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!keep(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of [...graph.keys()].filter(keep).sort()) if (!index.has(v)) visit(v);
  return found;
}

/** A ring as the edges inside it, with the files that make each edge — what a reader needs to break it. */
function explain(graph: Map<string, Map<string, Edge>>, ring: string[]): string {
  const lines = ring.flatMap((from) =>
    [...(graph.get(from)?.values() ?? [])]
      .filter((e) => ring.includes(e.to))
      .map((e) => `  ${e.from} → ${e.to}  (${[...e.files].sort().join(', ')})`),
  );
  return `ring of ${ring.join(', ')}:\n${lines.join('\n')}`;
}

describe('architecture: no folder cycles (issue 10 point 3)', () => {
  const graph = moduleGraph();

  it('finds a ring when there is one, and only its members', () => {
    const edge = (from: string, to: string): [string, Edge] => [to, { from, to, files: new Set([`${from}/x.ts`]) }];
    const toy = new Map<string, Map<string, Edge>>([
      ['a', new Map([edge('a', 'b')])],
      ['b', new Map([edge('b', 'c')])],
      ['c', new Map([edge('c', 'a')])],
      ['d', new Map([edge('d', 'a')])],
    ]);
    expect(rings(toy, () => true)).toEqual([['a', 'b', 'c']]);
    expect(rings(toy, (m) => m !== 'c')).toEqual([]);
    expect(explain(toy, ['a', 'b', 'c'])).toContain('c → a  (c/x.ts)');
  });

  it('reads the real import graph (journal, submission and reconcile are modules of it)', () => {
    const services = [...graph.keys()].filter((m) => m.startsWith('src/main/services/'));
    expect(services).toEqual(
      expect.arrayContaining([
        'src/main/services/journal',
        'src/main/services/submission',
        'src/main/services/reconcile',
        'src/main/services/history',
      ]),
    );
    expect(moduleOf('src/main/services/journal/send.ts')).toBe('src/main/services/journal');
    expect(moduleOf('src/main/services/lifecycle.ts')).toBe('src/main/services/lifecycle');
    expect(moduleOf('src/main/db/repos/payouts-repo.ts')).toBe('src/main/db');
    expect(moduleOf('src/main/context.ts')).toBe('src/main/context');
  });

  it('the folders of src/main/services import each other without a ring', () => {
    const found = rings(graph, (m) => m.startsWith('src/main/services/'));
    expect(found.map((r) => explain(graph, r))).toEqual([]);
  });

  it('the folders of src import each other without a ring', () => {
    expect(rings(graph, () => true).map((r) => explain(graph, r))).toEqual([]);
  });

  it('the journal is the bottom of the services: it imports only src/shared, main/db, main/enkash and main/log', () => {
    const allowed = (m: string) =>
      m.startsWith('src/shared/') || m === 'src/main/db' || m === 'src/main/enkash' || m === 'src/main/log';
    const out = [...(graph.get('src/main/services/journal')?.values() ?? [])].filter((e) => !allowed(e.to));
    expect(out.map((e) => `${e.to} (${[...e.files].sort().join(', ')})`)).toEqual([]);
  });
});
