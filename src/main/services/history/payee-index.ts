import { AppError } from '../../../shared/domain/errors';
import type { Db } from '../../db/open';
import { engine, get, q, run, transaction, type Engine, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';

/**
 * The payee word search (issue 13: FTS5 on SQLite and PostgreSQL full-text search behind one function).
 *
 * SQLite: the contentless FTS5 table of migration 003 is caught up on demand instead of by a per-row trigger, which
 * made staging four times slower. One catch-up indexes every row added since the last one in a single
 * INSERT … SELECT (~40 ms per 100,000 rows) and re-indexes the few already-indexed rows whose payee fields were
 * edited since (queued by a trigger on those three columns only).
 * PostgreSQL: the `payee_tsv` column (its migration 003) is generated with the row, so it is always current.
 */

export type PayeeIndexSync = { added: number; reindexed: number };

/** Brings the SQLite payee index up to date. Idempotent; cheap when nothing changed (two indexed reads). */
export function* syncPayeeIndexOps(): Ops<PayeeIndexSync> {
  return yield* transaction(function* (): Ops<PayeeIndexSync> {
    const state = yield* get<{ indexedTo: number }>(
      q`SELECT indexed_to AS "indexedTo" FROM payee_index_state WHERE id = 1`,
    );
    const indexedTo = state?.indexedTo ?? 0;
    const top = yield* get<{ maxId: number }>(q`SELECT coalesce(max(id), 0) AS "maxId" FROM payouts`);
    const maxId = top?.maxId ?? 0;
    let reindexed = 0;
    const dirty = yield* get<{ n: number }>(q`SELECT count(*) AS n FROM payee_index_dirty`);
    if ((dirty?.n ?? 0) > 0) {
      // contentless_delete lets a row's words be removed by rowid alone (the old text is gone by now).
      yield* run(q`DELETE FROM payouts_payee_fts WHERE rowid IN (SELECT payout_id FROM payee_index_dirty)`);
      reindexed = (yield* run(
        q`INSERT INTO payouts_payee_fts (rowid, payee_name, beneficiary_id, vpa)
         SELECT id, payee_name, beneficiary_id, vpa FROM payouts WHERE id IN (SELECT payout_id FROM payee_index_dirty)`,
      )).changes;
      yield* run(q`DELETE FROM payee_index_dirty`);
    }
    let added = 0;
    if (maxId > indexedTo) {
      added = (yield* run(
        q`INSERT INTO payouts_payee_fts (rowid, payee_name, beneficiary_id, vpa)
         SELECT id, payee_name, beneficiary_id, vpa FROM payouts WHERE id > ${indexedTo} AND id <= ${maxId}`,
      )).changes;
      yield* run(q`UPDATE payee_index_state SET indexed_to = ${maxId} WHERE id = 1`);
    }
    return { added, reindexed };
  });
}

/** Brings the payee index up to date (SQLite). */
export function syncPayeeIndex(db: Db): PayeeIndexSync {
  return runSqlite(db, syncPayeeIndexOps());
}

function payeeWords(text: string, split: RegExp): string[] {
  const words = text
    .normalize('NFKC')
    .split(split)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) {
    throw new AppError('invalid_input', 'Type at least one letter or digit of the payee to search for.', {
      field: 'payee',
    });
  }
  return words;
}

/**
 * A user's payee text → an FTS5 query: every word must start one of the row's words. Words are split the way
 * the index's tokenizer splits them (anything but letters and digits separates), and each is quoted, so
 * FTS5 operators typed by the user (AND, NEAR, *, ", :) are plain text, never syntax.
 */
export function payeeMatchQuery(text: string): string {
  return payeeWords(text, /[^\p{L}\p{N}]+/u)
    .map((w) => `"${w.replace(/"/g, '""')}"*`)
    .join(' AND ');
}

/**
 * The same words as a PostgreSQL tsquery: each a prefix (`:*`), all required (`&`). Words keep their combining
 * marks (PostgreSQL's parser keeps "कुमार" one word, where FTS5 splits at the vowel signs), and only letters, marks
 * and digits remain, so no tsquery operator (& | ! ( ) : * ' <->) typed by the user can reach the parser. Case is
 * folded by to_tsquery itself, exactly as to_tsvector folded the stored words.
 */
export function payeeTsQuery(text: string): string {
  payeeWords(text, /[^\p{L}\p{N}]+/u); // the same refusal of text without a letter or digit as on SQLite
  return payeeWords(text, /[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .map((w) => `'${w}':*`)
    .join(' & ');
}

/** A payee-word condition on `payouts p`: SQL with one `?` and its parameter. */
export type PayeeSearch = { clause: string; param: string };

const FTS_CLAUSE = 'p.id IN (SELECT rowid FROM payouts_payee_fts WHERE payouts_payee_fts MATCH ?)';
const TSV_CLAUSE = "p.payee_tsv @@ to_tsquery('simple', ?)";

/** The payee-word condition for `engine` (the index must be current: see payeeSearchOps). */
export function payeeSearchFor(engine: Engine, text: string): PayeeSearch {
  return engine === 'sqlite'
    ? { clause: FTS_CLAUSE, param: payeeMatchQuery(text) }
    : { clause: TSV_CLAUSE, param: payeeTsQuery(text) };
}

/**
 * THE payee-word search, on whichever engine runs it: every word of `text` must start a word of the payee name,
 * the beneficiary id or the VPA, case and punctuation ignored. SQLite: FTS5, caught up first; PostgreSQL: the
 * generated tsvector and its GIN index. The history page, totals and headline all take their condition from here.
 */
export function* payeeSearchOps(text: string): Ops<PayeeSearch> {
  const e = yield* engine();
  if (e === 'sqlite') yield* syncPayeeIndexOps();
  return payeeSearchFor(e, text);
}
