import type { Db } from '../../db/open';
import { stmt } from '../../db/prepared-cache';

const MAX_NAME = 200;

/**
 * A batch name nobody else uses (issue 17 point 2): "November", then "November (2)", "November (3)" … — two
 * drafts called the same are how the wrong one gets confirmed, and Production confirms by typing the name.
 * Compared without regard to case, as a person reading the list would.
 */
export function uniqueBatchName(db: Db, wanted: string): string {
  const base = wanted.trim().slice(0, MAX_NAME) || 'Batch';
  const taken = stmt(db, 'SELECT 1 FROM batches WHERE lower(name) = lower(?) LIMIT 1');
  if (!taken.get(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!taken.get(name)) return name;
  }
}
