import type { Db } from '../open';
import { stmt } from '../prepared-cache';
import type { Op, Ops } from './ops';

/**
 * Runs storage work on better-sqlite3, synchronously: each yielded query runs at once through the per-connection
 * prepared-statement cache, and a transaction is the connection's own `db.transaction` (BEGIN IMMEDIATE with the
 * busy retries of db/open.ts, a savepoint when nested). Nothing else can run on the connection in between, because
 * nothing here ever yields to the event loop.
 */
export function runSqlite<T>(db: Db, ops: Ops<T>): T {
  let input: unknown;
  let failed = false;
  let failure: unknown;
  for (;;) {
    const step = failed ? ops.throw(failure) : ops.next(input);
    if (step.done) return step.value;
    try {
      input = execute(db, step.value);
      failed = false;
    } catch (error) {
      failure = error;
      failed = true;
    }
  }
}

function execute(db: Db, op: Op): unknown {
  switch (op.kind) {
    case 'engine':
      return 'sqlite';
    case 'tx':
      return db.transaction(() => runSqlite(db, op.body()))();
    default: {
      const compiled = op.query.compile('sqlite');
      const statement = stmt(db, compiled.sql);
      const params = compiled.parameters as unknown[];
      if (op.kind === 'all') return statement.all(...params);
      if (op.kind === 'get') return statement.get(...params);
      return { changes: statement.run(...params).changes };
    }
  }
}
