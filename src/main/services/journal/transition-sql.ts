import type { PayoutFields } from './transition';

/**
 * The UPDATE texts of journal/transition.ts: per field set, SQLite's one-row statement (bound per row through the
 * prepared-statement cache) and PostgreSQL's set-based one (all rows of the set in one round trip).
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

/** How the UPDATE names a value: a bound parameter (`@to`), or a column of the change set's rows (`v.v_to`). */
type Ref = (name: string) => string;
const PARAM: Ref = (name) => `@${name}`;
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
  const cols = ['id', 'to', 'accepted', 'final', ...fields];
  const type = (c: string) =>
    c === 'id' || c === 'chunkId' ? 'bigint' : c === 'accepted' || c === 'final' ? 'int' : 'text';
  const arrays = cols.map((c) => `@v_${c}::${type(c)}[]`).join(', ');
  const names = cols.map((c) => `v_${c}`).join(', ');
  return updateSql(fields, SET_ROW, `FROM unnest(${arrays}) AS v(${names}) WHERE payouts.id = v.v_id`);
}

/** Every settable field in one fixed (sorted) order, so a change's field set has one key and one SQL text. */
export const FIELD_ORDER = (Object.keys(FIELD_COLUMNS) as (keyof PayoutFields)[]).sort();

/**
 * The UPDATE text per field set (and form), built once: a result loop of 100,000 rows uses two or three sets, and
 * handing the prepared-statement cache the very same string each time spares rebuilding and re-hashing a long SQL
 * text per row (issue 13 point 5: the journal's own cost on top of the statements the database must run).
 */
const UPDATE_SQL = new Map<string, string>();

export function sqlFor(key: string, fields: readonly (keyof PayoutFields)[], pg: boolean): string {
  const cacheKey = `${pg ? 'pg' : 'sqlite'}:${key}`;
  let text = UPDATE_SQL.get(cacheKey);
  if (text === undefined) {
    text = pg ? setUpdateSql(fields) : updateSql(fields, PARAM, 'WHERE id = @id');
    UPDATE_SQL.set(cacheKey, text);
  }
  return text;
}
