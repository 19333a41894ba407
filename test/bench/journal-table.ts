/**
 * The journal's goals of issue 13 point 5 as one table for both engines. Each bench process (journal-record*,
 * submit, history) measures its own rows and hands them to `reportJournal`; run.ts gives every bench the same results
 * file (BENCH_JOURNAL_RESULTS) and prints the table once they are all done. A bench run on its own (no file) still
 * prints its own lines, so nothing here is needed to read one bench.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

type JournalGoal = 'record' | 'send' | 'search';
type JournalEngine = 'SQLite' | 'PostgreSQL';

type JournalResult = {
  goal: JournalGoal;
  engine: JournalEngine;
  /** What was timed, in ms (null: not measured, see `note`). */
  measuredMs: number | null;
  /** What it is compared with, in ms. */
  baselineMs: number | null;
  /** The ratio measured / baseline must be at most this. */
  goalRatio: number;
  /** Shown under the table: what the baseline is, or why the row was not measured. */
  note?: string;
};

export const JOURNAL_RESULTS_ENV = 'BENCH_JOURNAL_RESULTS';

export function reportJournal(result: JournalResult): void {
  const file = process.env[JOURNAL_RESULTS_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(result)}\n`);
}

const LABELS: Record<JournalGoal, string> = {
  record: 'record 100k results',
  send: 'send 10k @ 50 ms',
  search: 'payee search',
};
const ORDER: JournalGoal[] = ['record', 'send', 'search'];

const ms = (v: number | null) => (v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(2)} ms`);

/** The table from a results file; every goal × engine pair without a result shows as not measured. */
export function journalTable(file: string): string {
  const results = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as JournalResult)
    : [];
  const lines: string[] = [];
  const head = ['goal', 'engine', 'measured', 'baseline', 'ratio', 'goal', 'met?'];
  const widths = [20, 11, 11, 11, 7, 7, 5];
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' ');
  lines.push(row(head), row(widths.map((w) => '-'.repeat(w))));
  const notes: string[] = [];
  for (const goal of ORDER) {
    for (const engine of ['SQLite', 'PostgreSQL'] as const) {
      const r = results.filter((x) => x.goal === goal && x.engine === engine).at(-1);
      const ratio = r && r.measuredMs !== null && r.baselineMs ? r.measuredMs / r.baselineMs : null;
      lines.push(
        row([
          LABELS[goal],
          engine,
          ms(r?.measuredMs ?? null),
          ms(r?.baselineMs ?? null),
          ratio === null ? '—' : ratio.toFixed(2),
          r ? `≤ ${r.goalRatio}` : '',
          ratio === null ? 'n/a' : ratio <= r!.goalRatio ? 'yes' : 'NO',
        ]),
      );
      if (r?.note) notes.push(`  ${LABELS[goal]}, ${engine}: ${r.note}`);
    }
  }
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}
