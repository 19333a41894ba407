import { DEFAULT_API_PROFILE, type ApiProfile } from '../../shared/settings/api-profile';
import { ENKASH_FIELDS } from '../../shared/rules/enkash-fields';
import { SANDBOX_DEMO } from './demo-credentials';
import {
  FAULT_KINDS,
  type Dialect,
  type FaultKnobs,
  type SandboxCredentials,
  type SandboxOptions,
  type SandboxTiming,
} from './types';

/** Defaults follow the likeliest reading of enkash-api.md; every one is switchable per sandbox. */
export const DEFAULT_DIALECT: Dialect = {
  tokenStyle: 'snake',
  keyDerivation: 'sha256-16',
  wrapper: 'response_code',
  encryptGets: false,
  wrapGets: false,
  errorsAsHttpStatus: true,
  encryptErrors: false,
  searchOffset: 'items',
  statementAmountUnit: 'rupees',
  refreshGrant: false,
  beneficiaryIdReusable: false,
  searchPayouts404: false,
  searchIgnoresFilters: false,
  searchPageCap: 0,
  searchOmitsTotal: false,
  remarkMaxLength: ENKASH_FIELDS.remark.max,
  checksumDemanded: false,
  forbidLogin: false,
  forbidOperations: [],
  requireInlineBeneficiaryId: false,
  beneficiaryContactRequired: false,
  inlineRegistersBeneficiary: false,
  searchPaging: 'query',
  searchPayoutsShape: 'page',
  contactFields: 'prefixed',
  pennyDropEnvelope: 'plain',
  pennyDropEchoes: 'beside',
  pennyDropStatusWords: 'common',
};

/**
 * A server that disagrees: every unknown the client can switch (a profile path, key derivation or switch) is
 * answered the other way from the client's defaults, and the tolerant readers meet the shapes they were never
 * tuned on (camelCase token, `data` wrapper, encrypted and wrapped GETs, errors in an encrypted HTTP 200). It
 * proves the client passes only with the profile set for it — and that the default profile does not pass by luck.
 * Failure modes no profile can fix (search 404, checksum demanded, 403 on login …) stay off, as in `default`.
 */
export const STRICT_DIALECT: Dialect = {
  ...DEFAULT_DIALECT,
  tokenStyle: 'camel',
  keyDerivation: 'sha1-16',
  wrapper: 'data',
  encryptGets: true,
  wrapGets: true,
  errorsAsHttpStatus: false,
  encryptErrors: true,
  searchOffset: 'page',
  statementAmountUnit: 'paise',
  requireInlineBeneficiaryId: true,
  searchPaging: 'body',
  searchPayoutsShape: 'transaction-list',
  contactFields: 'plain',
  pennyDropEnvelope: 'encrypted',
  pennyDropEchoes: 'inside',
  pennyDropStatusWords: 'unlisted',
};

/**
 * The strict server's own path table, written out (never derived from the app's profile, or client and
 * Sandbox would agree by construction). Documented paths (enkash-api.md §5 summary) are as documented; every
 * UNKNOWN one is somewhere the client's default guess does not look. Delete takes the id as a query parameter.
 */
export const STRICT_PATHS: ApiProfile['paths'] = {
  token: '/oauth/token',
  createBeneficiary: '/api/v0/beneficiary-detail',
  searchBeneficiary: '/api/v0/beneficiary-detail/list',
  deleteBeneficiary: '/api/v0/beneficiary-detail/remove',
  createPayout: '/api/v0/payout-transaction',
  createBatchPayout: '/api/v0/payout-transaction/batch',
  searchPayouts: '/api/v0/payout-transaction/fetch',
  balance: '/api/v0/payout-account/balance',
  sourceAccountDetails: '/api/v0/bankDetail',
  addSourceAccount: '/api/v0/bankDetail/whitelist',
  statement: '/api/v0/payout-account/statement',
  createWebhook: '/api/v0/webhook-data',
  getWebhook: '/api/v0/webhook-data/fetch',
  // Documented (§16), so where the page says.
  pennyDrop: '/api/v0/pennyDrop',
};

/**
 * The strict server's largest batch (§5.5: the real limit is UNKNOWN): below the client's default chunk of 100, so
 * only a profile with a smaller `batchChunkSize` gets a full batch through.
 */
export const STRICT_MAX_BATCH_SIZE = 50;

/** The preset's dialect with `options.dialect` on top. */
export function resolveDialect(options: Pick<SandboxOptions, 'preset' | 'dialect'>): Dialect {
  return { ...(options.preset === 'strict' ? STRICT_DIALECT : DEFAULT_DIALECT), ...options.dialect };
}

/** A few seconds per step so the app visibly shows PENDING → PROCESSING → SUCCESS. */
export const DEFAULT_TIMING: SandboxTiming = {
  pendingMs: 2_000,
  processingMs: 4_000,
  reversalMs: 30_000,
  failRate: 0.05,
  reverseRate: 0.02,
};

export const DEFAULT_FAULTS: FaultKnobs = {
  latencyMs: 0,
  latencyCoversWork: true,
  faultRate: 0,
  kinds: [...FAULT_KINDS],
  hangMs: 0,
};

/** Beyond the login demo values, a whitelisted source account so statement/bank-details work at once. */
export const DEFAULT_CREDENTIALS: SandboxCredentials = {
  ...SANDBOX_DEMO,
  debitAccountNumber: '50100012345678',
  sourceIfsc: 'HDFC0000001',
};

/** The simulator's own limits, taken from the API profile so client pre-flight and sandbox agree. */
export const MODE_LIMITS = DEFAULT_API_PROFILE.modeLimits;

export type SandboxConfig = {
  seed: number;
  now: () => number;
  tokenTtlSeconds: number;
  lockoutSeconds: number;
  initialBalancePaise: number;
  stateFile?: string;
  timing: SandboxTiming;
  credentials: SandboxCredentials;
  paths: ApiProfile['paths'];
  maxBatchSize: number;
  modeLimits: ApiProfile['modeLimits'];
};

function rate(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`${name} must be between 0 and 1`);
  return v;
}

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a non-negative number`);
  return v;
}

/** Validates and merges fault knobs (used at start and by setFaults at runtime). */
export function mergeFaults(base: FaultKnobs, patch: Partial<FaultKnobs>): FaultKnobs {
  const next = { ...base, ...patch };
  rate('faultRate', next.faultRate);
  nonNegative('latencyMs', next.latencyMs);
  nonNegative('hangMs', next.hangMs);
  if (typeof next.latencyCoversWork !== 'boolean') throw new RangeError('latencyCoversWork must be true or false');
  for (const k of next.kinds) {
    if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new RangeError(`unknown fault kind ${k}`);
  }
  return { ...next, kinds: [...next.kinds] };
}

export function resolveConfig(options: SandboxOptions): SandboxConfig {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  rate('timing.failRate', timing.failRate);
  rate('timing.reverseRate', timing.reverseRate);
  nonNegative('timing.pendingMs', timing.pendingMs);
  nonNegative('timing.processingMs', timing.processingMs);
  nonNegative('timing.reversalMs', timing.reversalMs);
  const initialBalancePaise = options.initialBalancePaise ?? 1_00_00_000_00; // ₹1 crore
  if (!Number.isSafeInteger(initialBalancePaise) || initialBalancePaise < 0) {
    throw new RangeError('initialBalancePaise must be a non-negative integer');
  }
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 300;
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
    throw new RangeError('tokenTtlSeconds must be a positive integer');
  }
  return {
    seed: (options.seed ?? 1) >>> 0,
    now: options.now ?? Date.now,
    tokenTtlSeconds,
    lockoutSeconds: nonNegative('lockoutSeconds', options.lockoutSeconds ?? 900),
    initialBalancePaise,
    stateFile: options.stateFile,
    timing,
    credentials: { ...DEFAULT_CREDENTIALS, ...options.credentials },
    paths: { ...(options.preset === 'strict' ? STRICT_PATHS : DEFAULT_API_PROFILE.paths), ...options.paths },
    maxBatchSize: options.maxBatchSize ?? (options.preset === 'strict' ? STRICT_MAX_BATCH_SIZE : 1000),
    modeLimits: MODE_LIMITS,
  };
}
