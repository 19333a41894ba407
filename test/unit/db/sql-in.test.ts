import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { placeholders, sqlInList } from '../../../src/main/db/sql-in';
import { SENDABLE_BATCH_STATES, UNRESOLVED_STATES } from '../../../src/shared/domain/payout-states';

describe('sqlInList: IN lists from the named state sets', () => {
  it('writes each state of the set as a quoted literal, in order', () => {
    expect(sqlInList(UNRESOLVED_STATES)).toBe("'SENDING', 'UNKNOWN'");
    expect(sqlInList(SENDABLE_BATCH_STATES)).toBe("'CONFIRMED', 'SENDING'");
  });

  it('selects exactly the rows in the set when spliced into SQL', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE t (state TEXT); INSERT INTO t VALUES ('SENDING'), ('UNKNOWN'), ('READY'), ('SUCCESS')");
    const rows = db
      .prepare(`SELECT state FROM t WHERE state IN (${sqlInList(UNRESOLVED_STATES)}) ORDER BY state`)
      .all();
    expect(rows).toEqual([{ state: 'SENDING' }, { state: 'UNKNOWN' }]);
    db.close();
  });

  it('refuses anything that is not a plain state word, since the text goes into SQL', () => {
    expect(() => sqlInList(["SENDING') OR 1=1 --"])).toThrow(RangeError);
    expect(() => sqlInList(['sending'])).toThrow(RangeError);
    expect(() => sqlInList([''])).toThrow(RangeError);
  });

  it('refuses an empty set instead of writing `IN ()`', () => {
    expect(() => sqlInList([])).toThrow(RangeError);
  });
});

describe('placeholders', () => {
  it('writes one bound parameter per value', () => {
    expect(placeholders(1)).toBe('?');
    expect(placeholders(3)).toBe('?, ?, ?');
  });
});
