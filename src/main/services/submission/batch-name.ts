import type { Db } from '../../db/open';
import { get, named, type Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';

const MAX_NAME = 200;

const NAME_TAKEN = 'SELECT 1 AS taken FROM batches WHERE lower(name) = lower(@name) LIMIT 1';

/**
 * A batch name nobody else uses (issue 17 point 2): "November", then "November (2)", "November (3)" … — two
 * drafts called the same are how the wrong one gets confirmed, and Production confirms by typing the name.
 * Compared without regard to case, as a person reading the list would.
 */
export function* uniqueBatchNameOps(wanted: string): Ops<string> {
  const base = wanted.trim().slice(0, MAX_NAME) || 'Batch';
  if (!(yield* get(named(NAME_TAKEN, { name: base })))) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!(yield* get(named(NAME_TAKEN, { name })))) return name;
  }
}

export function uniqueBatchName(db: Db, wanted: string): string {
  return runSqlite(db, uniqueBatchNameOps(wanted));
}
