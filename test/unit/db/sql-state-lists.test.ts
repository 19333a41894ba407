import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_STATES, CHUNK_STATES, PAYOUT_STATES } from '../../../src/shared/domain/payout-states';

// Issue 10 point 1: the SQL filters by the named sets of shared/domain/payout-states.ts (through
// db/sql-in.ts or bound parameters), never by a hand-typed copy that can drift from the state machine.
const STATE_WORDS = new Set<string>([...PAYOUT_STATES, ...BATCH_STATES, ...CHUNK_STATES]);
const ROOT = join(__dirname, '../../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** `IN ('A', 'B')` / `NOT IN ('A')` lists whose words are all state names. */
function handTypedStateLists(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\bIN\s*\(\s*('[A-Z_]+'(?:\s*,\s*'[A-Z_]+')*)\s*\)/g)) {
    const words = [...m[1]!.matchAll(/'([A-Z_]+)'/g)].map((w) => w[1]!);
    if (words.every((w) => STATE_WORDS.has(w))) found.push(m[0]);
  }
  return found;
}

describe('SQL state lists', () => {
  it('the scanner sees a hand-typed list and ignores a built one', () => {
    expect(handTypedStateLists("WHERE p.state IN ('SENDING', 'UNKNOWN')")).toEqual(["IN ('SENDING', 'UNKNOWN')"]);
    expect(handTypedStateLists("kind IN ('payouts', 'beneficiaries')")).toEqual([]);
    expect(handTypedStateLists('WHERE p.state IN (${sqlInList(UNRESOLVED_STATES)})')).toEqual([]);
  });

  it('no source file outside the migrations hand-types a list of states', () => {
    const offenders = sourceFiles(SRC).flatMap((file) =>
      handTypedStateLists(readFileSync(file, 'utf8')).map((list) => `${relative(ROOT, file)}: ${list}`),
    );
    expect(offenders).toEqual([]);
  });
});
