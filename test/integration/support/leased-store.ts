import { afterEach, beforeEach, expect } from 'vitest';
import type { Engine } from '../../../src/main/db/store/ops';
import { createStoreLease, type StoreLease } from '../../../src/main/services/journal/lease';
import { openTestStore, type TestStore } from '../../support/test-store';

/**
 * A fresh test store for each test of the calling `describe`, with this test holding its journal lease
 * (PostgreSQL's departure guard, migration 011, lets rows go SENDING only under a declared holder). Read `t` and
 * `lease` inside the tests: they are the current test's.
 */
export function leasedStoreEach(engine: Engine): { readonly t: TestStore; readonly lease: StoreLease } {
  let t: TestStore | null = null;
  let lease: StoreLease | null = null;
  beforeEach(async () => {
    t = await openTestStore(engine);
    lease = createStoreLease(t.store, { kind: 'cli' });
    expect((await lease.tryAcquire()).acquired).toBe(true);
  });
  afterEach(async () => {
    await lease?.release();
    await t?.close();
    t = null;
    lease = null;
  });
  return {
    get t() {
      if (!t) throw new Error('leasedStoreEach: read t inside a test');
      return t;
    },
    get lease() {
      if (!lease) throw new Error('leasedStoreEach: read lease inside a test');
      return lease;
    },
  };
}
