import { isAppError } from '../../../shared/domain/errors';
import type {
  VerificationResult,
  VerificationRowInput,
  VerificationSummary,
} from '../../../shared/verify/verification';
import type { Db } from '../../db/open';
import { cachedBankCheckOps, normalAccount, normalIfsc } from '../../db/repos/payee-verifications-repo';
import type { Ops } from '../../db/store/ops';
import { runSqlite } from '../../db/store/run-sqlite';
import { sqliteStore, type Store } from '../../db/store/store';
import type { EnkashClient } from '../../enkash/client';
import { bankAccountCheckInputSchema } from '../../enkash/verification';
import { runLimited } from '../journal/run-limited';
import { checkAccount } from './check-account';
import { summarise } from './summary';
import { isBankRow, verdictFor } from './verdict';

type VerifyBase = {
  /** The environment the checks go to: the cache is per environment (a Sandbox name is no bank's). */
  environment: string;
  client: Pick<EnkashClient, 'verifyBankAccount'>;
  now: () => Date;
  /** A cached answer younger than this is reused without a call (the `verificationCacheDays` setting). */
  cacheDays: number;
  /** Checks in flight at once (the profile's verification concurrency). */
  concurrency?: number;
  /** Mints a customerRequestId; tests force collisions with it. */
  newRequestId?: (now: Date) => string;
};

/** On the desk's SQLite connection (synchronous callers; the IPC handlers run the store forms). */
export type VerifyDeps = VerifyBase & { db: Db };
/** On the journal's database, whichever engine holds it (the IPC handlers, the CLI's `verify`). */
export type VerifyStoreDeps = VerifyBase & { store: Store };

export type VerifyOptions = {
  /** A penny drop moves a small credit (a fee per call); otherwise the check is penny-less. */
  pennyDrop: boolean;
  /** Stops new calls; results so far are kept and returned with `cancelled: true`. */
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
};

export type VerifyOutcome = { results: VerificationResult[]; summary: VerificationSummary; cancelled: boolean };

// Used until the profile says otherwise: EnKash's rate limit for checks is UNKNOWN.
const DEFAULT_CONCURRENCY = 4;

/** One account + IFSC and every row of the run that pays it: checked once however many rows share it. */
type Group = { accountNumber: string; ifsc: string; indexes: number[] };

function groupRows(rows: readonly VerificationRowInput[]): { groups: Group[]; others: number[] } {
  const byKey = new Map<string, Group>();
  const others: number[] = [];
  rows.forEach((row, i) => {
    if (!isBankRow(row)) return others.push(i);
    const accountNumber = normalAccount(row.accountNumber!);
    const ifsc = normalIfsc(row.ifsc!);
    const key = `${accountNumber}|${ifsc}`;
    const group = byKey.get(key);
    if (group) group.indexes.push(i);
    else byKey.set(key, { accountNumber, ifsc, indexes: [i] });
  });
  return { groups: [...byKey.values()], others };
}

function cacheKey(deps: Omit<VerifyBase, 'client'>, g: Omit<Group, 'indexes'>, now: Date) {
  return {
    environment: deps.environment,
    accountNumber: g.accountNumber,
    ifsc: g.ifsc,
    now,
    maxAgeDays: deps.cacheDays,
  };
}

// What EnKash would refuse anyway is not sent (and not cached): the sheet's validation should have caught it.
function checkable(g: Group): boolean {
  return bankAccountCheckInputSchema.safeParse({ ...g, customerRequestId: 'X' }).success;
}

type CachedVerdicts = { results: VerificationResult[]; summary: VerificationSummary };

/** Verdicts from the cache alone — never a call. Re-scores rows after an edit, and serves pre-flight. */
export function* cachedVerdictsOps(
  deps: Omit<VerifyBase, 'client'>,
  rows: readonly VerificationRowInput[],
): Ops<CachedVerdicts> {
  const now = deps.now();
  const results: VerificationResult[] = [];
  for (const row of rows) {
    if (!isBankRow(row)) {
      results.push(verdictFor(row, null));
      continue;
    }
    const g = { accountNumber: normalAccount(row.accountNumber!), ifsc: normalIfsc(row.ifsc!) };
    results.push(verdictFor(row, yield* cachedBankCheckOps(cacheKey(deps, g, now))));
  }
  return { results, summary: summarise(results, 0) };
}

/** cachedVerdictsOps on the desk's SQLite connection, answered synchronously. */
export function cachedVerdicts(
  deps: Omit<VerifyDeps, 'client'>,
  rows: readonly VerificationRowInput[],
): CachedVerdicts {
  return runSqlite(deps.db, cachedVerdictsOps(deps, rows));
}

/**
 * Verifies `rows`: UPI rows are skipped, cached answers reused, every other distinct account checked once at
 * EnKash with at most `concurrency` calls in flight. A row EnKash refuses is `failed` with its reason; any other
 * error (auth, unreachable, throttled, unreadable) stops the run and is thrown — answers already received stay
 * in the cache, so a re-run does not pay for them again.
 */
export function verifyRows(
  deps: VerifyDeps,
  rows: readonly VerificationRowInput[],
  opts: VerifyOptions,
): Promise<VerifyOutcome> {
  return verifyRowsOn({ ...deps, store: sqliteStore(deps.db) }, rows, opts);
}

/** verifyRows on the journal's database, whichever engine holds it. */
export async function verifyRowsOn(
  deps: VerifyStoreDeps,
  rows: readonly VerificationRowInput[],
  opts: VerifyOptions,
): Promise<VerifyOutcome> {
  const now = deps.now();
  const results: (VerificationResult | undefined)[] = new Array(rows.length);
  const { groups, others } = groupRows(rows);
  for (const i of others) results[i] = verdictFor(rows[i]!, null);

  const toCheck: Group[] = [];
  for (const g of groups) {
    const hit = await deps.store.run(cachedBankCheckOps(cacheKey(deps, g, now)));
    // A penny drop asked for is a stronger check than a cached penny-less one: only a cached penny drop will do.
    if (hit && (!opts.pennyDrop || hit.pennyDrop)) {
      for (const i of g.indexes) results[i] = verdictFor(rows[i]!, hit);
    } else if (!checkable(g)) {
      for (const i of g.indexes) {
        results[i] = { ...verdictFor(rows[i]!, null), reason: 'The account number or IFSC is not valid: not checked' };
      }
    } else toCheck.push(g);
  }

  const total = rows.length;
  let done = total - toCheck.reduce((n, g) => n + g.indexes.length, 0);
  opts.onProgress?.({ done, total });

  let calls = 0;
  let fatal: { error: unknown } | null = null;
  let notChecked = 0;
  const tasks = toCheck.map((g) => async () => {
    if (fatal || opts.signal?.aborted) {
      notChecked++;
      return;
    }
    try {
      const check = await checkAccount(deps, g, opts, () => calls++);
      for (const i of g.indexes) {
        const r = verdictFor(rows[i]!, check.answer);
        results[i] = { ...r, fromCache: false, reason: check.refusal ?? r.reason };
      }
    } catch (error) {
      // An in-flight penny-less check the user cancelled: the row stays unverified.
      if (isAppError(error) && error.code === 'cancelled') notChecked++;
      else if (!fatal) fatal = { error };
    }
    done += g.indexes.length;
    opts.onProgress?.({ done, total });
  });
  await runLimited(tasks, deps.concurrency ?? DEFAULT_CONCURRENCY);
  if (fatal) throw (fatal as { error: unknown }).error;

  // Array.from, not map: rows never reached are holes, which map would skip.
  const final = Array.from(results, (r, i) => r ?? verdictFor(rows[i]!, null));
  return { results: final, summary: summarise(final, calls), cancelled: notChecked > 0 };
}
