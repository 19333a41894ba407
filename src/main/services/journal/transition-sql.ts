import type { Query } from '../../db/store/ops';
import type { PayoutFields } from './transition';

/**
 * The UPDATE texts of journal/transition.ts, set-based on both engines: per field set, one statement for all rows
 * of the set — PostgreSQL's per-row values as parallel arrays (one round trip), SQLite's as a VALUES list (a few
 * binds and steps instead of one per row; issue 13 point 5).
 */

const FIELD_COLUMNS: Record<keyof PayoutFields, string> = {
  enkashStatus: 'enkash_status',
  enkashTransactionId: 'enkash_transaction_id',
  utr: 'utr',
  rejectCode: 'reject_code',
  failureReason: 'failure_reason',
  nextCheckAt: 'next_check_at',
  lastRoute: 'last_route',
  searchedAt: 'searched_at',
  chunkId: 'chunk_id',
  conflict: 'conflict',
  flag: 'flag',
  transactionId: 'transaction_id',
  previousTransactionIds: 'previous_transaction_ids',
  clearFlag: 'flag',
};

/** How the UPDATE names a value: a column of the change set's rows (`v.v_to`), or the one bound `@at`. */
type Ref = (name: string) => string;
const SET_ROW: Ref = (name) => (name === 'at' ? '@at' : `v.v_${name}`);

function updateSql(fields: readonly (keyof PayoutFields)[], r: Ref, where: string): string {
  const sets = [
    `state = ${r('to')}`,
    `updated_at = ${r('at')}`,
    'checks = 0',
    // Each departure counts once (and is taken back when it provably never left); the send time restarts
    // the resend grace period. Right-hand sides read the row as it was before this UPDATE.
    `attempts = attempts + (CASE WHEN ${r('to')} = 'SENDING' THEN 1 WHEN ${r('to')} = 'READY' AND state = 'SENDING' THEN -1 ELSE 0 END)`,
    `sent_at = CASE WHEN ${r('to')} = 'SENDING' THEN ${r('at')} ELSE sent_at END`,
    // A change that sets searched_at itself says what it is (PostgreSQL refuses a column assigned twice).
    ...(fields.includes('searchedAt')
      ? []
      : [`searched_at = CASE WHEN ${r('to')} = 'SENDING' THEN NULL ELSE searched_at END`]),
    `accepted_at = CASE WHEN ${r('accepted')} = 1 THEN coalesce(accepted_at, ${r('at')}) ELSE accepted_at END`,
    `final_at = CASE WHEN ${r('final')} = 1 THEN ${r('at')} ELSE final_at END`,
    ...fields.map((f) =>
      f === 'clearFlag'
        ? `flag = CASE WHEN flag = ${r('clearFlag')} THEN NULL ELSE flag END`
        : `${FIELD_COLUMNS[f]} = ${r(f)}`,
    ),
  ];
  return `UPDATE payouts SET ${sets.join(', ')} ${where}`;
}

/**
 * PostgreSQL: one UPDATE for all rows of a change set that set the same fields — the per-row values as parallel
 * arrays (`unnest`), joined on id — instead of one round trip per row. Every column is text but chunk_id.
 */
function setUpdateSql(fields: readonly (keyof PayoutFields)[]): string {
  const cols = setColumns(fields);
  const type = (c: string) =>
    c === 'id' || c === 'chunkId' ? 'bigint' : c === 'accepted' || c === 'final' ? 'int' : 'text';
  const arrays = cols.map((c) => `@v_${c}::${type(c)}[]`).join(', ');
  const names = cols.map((c) => `v_${c}`).join(', ');
  return updateSql(fields, SET_ROW, `FROM unnest(${arrays}) AS v(${names}) WHERE payouts.id = v.v_id`);
}

/** The per-row values of a change set's UPDATE, in the order both forms list them. */
function setColumns(fields: readonly (keyof PayoutFields)[]): string[] {
  return ['id', 'to', 'accepted', 'final', ...fields];
}

/**
 * SQLite: one UPDATE for `rows` changes of one field set, joined on id to a VALUES list bound positionally (`at`, the
 * same for all, by name). Its right-hand sides read each row as it was before the statement, exactly as the one-row
 * form did; the ids of one change set are distinct, so each row is joined once.
 */
function sqliteSetUpdateSql(fields: readonly (keyof PayoutFields)[], rows: number): string {
  const cols = setColumns(fields);
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const values = Array.from({ length: rows }, () => tuple).join(', ');
  const names = cols.map((c) => `v_${c}`).join(', ');
  return `WITH v(${names}) AS (VALUES ${values}) ${updateSql(fields, SET_ROW, 'FROM v WHERE payouts.id = v.v_id')}`;
}

/** Every settable field in one fixed (sorted) order, so a change's field set has one key and one SQL text. */
export const FIELD_ORDER = (Object.keys(FIELD_COLUMNS) as (keyof PayoutFields)[]).sort();

/**
 * The UPDATE text per field set (and form), built once: a result loop of 100,000 rows uses two or three sets, and
 * handing the prepared-statement cache the very same string each time spares rebuilding and re-hashing a long SQL
 * text per row (issue 13 point 5: the journal's own cost on top of the statements the database must run).
 */
const UPDATE_SQL = new Map<string, string>();

function memo(cacheKey: string, make: () => string): string {
  let text = UPDATE_SQL.get(cacheKey);
  if (text === undefined) {
    text = make();
    UPDATE_SQL.set(cacheKey, text);
  }
  return text;
}

/** PostgreSQL's set-based UPDATE text of a field set (bound by name: `named(text, arrays)`). */
export function pgSetSql(key: string, fields: readonly (keyof PayoutFields)[]): string {
  return memo(`pg:${key}`, () => setUpdateSql(fields));
}

// The largest VALUES list of one SQLite statement: at most 17 values a row (8,704 parameters), far below SQLite's
// limit of 32,766.
const MAX_SQLITE_SET = 512;

/**
 * SQLite's UPDATEs for the rows of one field set (each row's values by column name, as transition.ts collects them).
 * A set is cut into power-of-two runs (100 rows: 64 + 32 + 4), so a field set has at most ten statement texts for the
 * prepared-statement cache instead of one per row count.
 */
export function sqliteSetQueries(
  key: string,
  fields: readonly (keyof PayoutFields)[],
  rows: readonly Readonly<Record<string, unknown>>[],
  at: string,
): Query[] {
  const cols = setColumns(fields);
  const out: Query[] = [];
  for (let start = 0; start < rows.length;) {
    let n = MAX_SQLITE_SET;
    while (n > rows.length - start) n >>= 1;
    const text = memo(`sqlite:${n}:${key}`, () => sqliteSetUpdateSql(fields, n));
    const parameters: unknown[] = [];
    for (let i = start; i < start + n; i++) for (const c of cols) parameters.push(rows[i]![c]);
    parameters.push({ at });
    out.push({ compile: () => ({ sql: text, parameters }) });
    start += n;
  }
  return out;
}
