import { DEFAULT_API_PROFILE, type ApiProfile, type Environment } from '../../../src/shared/settings/api-profile';
import { sqliteOnly, type Store } from '../../../src/main/db/store/store';
import { createEnkashClient } from '../../../src/main/enkash/client';
import { createLogger } from '../../../src/main/log';
import { SANDBOX_DEMO } from '../../../src/main/sandbox/index';
import {
  DEFAULT_TIMING,
  type JournalDeps,
  type JournalEvent,
  type JournalTiming,
} from '../../../src/main/services/journal/deps';

/** Fast journal timing for tests: real time, milliseconds instead of minutes. */
export const FAST_TIMING: JournalTiming = {
  ...DEFAULT_TIMING,
  unknownGraceMs: 30,
  unknownRecheckMs: 0,
  pollDelaysMs: [10, 20, 40],
  reversalCheckEveryMs: 50,
  unreachableRetryDelaysMs: [5, 10, 20, 40],
};

export type TestDepsOptions = {
  store: Store;
  /** The sandbox's URL (it may live in another process). */
  baseUrl: string;
  profile?: Partial<ApiProfile>;
  environment?: Environment;
  timing?: Partial<JournalTiming>;
  /** Wall and monotonic clocks in ms (default: real time). */
  now?: () => number;
  monotonic?: () => number;
  logLine?: (line: string) => void;
  emit?: (event: JournalEvent) => void;
};

/**
 * The journal's deps as the tests build them, in the harness and in the child processes of the multi-process
 * tests alike: the sandbox's demo credentials, fast timing, and `db` as `sqliteOnly(store)`.
 */
export function testJournalDeps(o: TestDepsOptions): JournalDeps {
  const profile: ApiProfile = {
    ...DEFAULT_API_PROFILE,
    fundSourceId: SANDBOX_DEMO.fundSourceId,
    requestTimeoutMs: 5_000,
    ...o.profile,
  };
  const client = createEnkashClient({ baseUrl: o.baseUrl, profile, credentials: async () => ({ ...SANDBOX_DEMO }) });
  const environment = o.environment ?? 'sandbox';
  const now = o.now;
  return {
    db: sqliteOnly(o.store),
    store: o.store,
    session: async () => ({ client, environment, profile }),
    environment: () => environment,
    profile: () => profile,
    now: now ? () => new Date(now()) : () => new Date(),
    ...(o.monotonic ? { monotonicMs: o.monotonic } : {}),
    log: createLogger(null, o.logLine),
    emit: o.emit,
    timing: { ...FAST_TIMING, ...o.timing },
  };
}
