import { z } from 'zod';

/**
 * The API profile: every EnKash detail that is undocumented or may change lives here as a setting with a
 * default from enkash-api.md, editable in Settings → Advanced, so a wrong guess is a setting, not a release.
 */
/**
 * How the AES key is derived from the client secret; see src/main/enkash/crypto.ts for why there are three.
 */
export const KEY_DERIVATIONS = ['sha256-16', 'sha1-16', 'raw-16'] as const;
export type KeyDerivation = (typeof KEY_DERIVATIONS)[number];

export const ENVIRONMENTS = ['sandbox', 'uat', 'production', 'custom'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * Switches for wire details the docs leave open (enkash-api.md §15), each with the default we believe most
 * likely. A profile stored before a switch existed gets its default on read.
 */
/**
 * Request checksum modes. Only `off` exists: EnKash names a checksum (412 "Invalid checksum", REJECT_CHKSUM) but
 * gives the steps only per account, and a guessed algorithm would be refused anyway. When EnKash supplies them,
 * add the mode here and its computation in src/main/enkash/checksum.ts, the single place every request passes.
 */
export const CHECKSUM_MODES = ['off'] as const;
export type ChecksumMode = (typeof CHECKSUM_MODES)[number];

/**
 * How a payee reaches EnKash (§15.17: whether an inline `beneficiaryDetail` needs its own `beneficiaryId` is
 * undocumented). `registered`: Create Beneficiary once under a stable id derived from the bank details, then pay
 * by `beneficiaryId`; `inline-with-id`: the inline detail carries that stable id; `inline`: the detail alone.
 * The default, `inline-with-id`, is accepted both by a server that demands the id inline and by one that does
 * not, with one call per payout and no dependence on the undocumented Search Beneficiary (see
 * src/main/services/journal/payee-routing.ts).
 */
export const PAYEE_ROUTINGS = ['inline-with-id', 'registered', 'inline'] as const;
export type PayeeRouting = (typeof PAYEE_ROUTINGS)[number];

/**
 * Search Payouts' response is undocumented (§15.3). `page`: a Spring-style page, `{content: [...], totalElements}`
 * (or the list under another common key, or a bare list); `transaction-list`: `{payoutTransactionList: [...],
 * totalCount}`. Each reads only its own shape, so an answer in the other one is an error, never "no payouts".
 */
export const SEARCH_PAYOUTS_SHAPES = ['page', 'transaction-list'] as const;
export type SearchPayoutsShape = (typeof SEARCH_PAYOUTS_SHAPES)[number];

/**
 * Bank-account verification (`POST /api/v0/pennyDrop`, enkash-api.md §16) lives on a separate product page that
 * shows a plain JSON body; whether the payout `{"request": …}` envelope applies there is UNKNOWN. `plain` follows
 * the page; `encrypted` is the payout envelope.
 */
export const VERIFICATION_ENVELOPES = ['plain', 'encrypted'] as const;
export type VerificationEnvelope = (typeof VERIFICATION_ENVELOPES)[number];

export const apiSwitchesSchema = z.object({
  /** Search calls: `offset`/`limit` as query parameters (like EnKash's settlement search) or in the body. */
  searchPaging: z.enum(['query', 'body']),
  /** What `offset` counts: items (like EnKash's settlement search) or zero-based pages of `limit` items. */
  searchOffsetUnit: z.enum(['items', 'page']),
  /** Statement `transactionAmount` is typed integer in the docs: whole rupees or paise is unknown (§5.9). */
  statementAmountUnit: z.enum(['rupees', 'paise']),
  /** Beneficiary email/phone/city/state field names are undocumented: `beneficiaryEmail` … or `email` …. */
  beneficiaryContactFields: z.enum(['prefixed', 'plain']),
  /** Request checksum (§15.2): field, coverage and algorithm are undocumented, so none is invented; see CHECKSUM_MODES. */
  checksum: z.enum(CHECKSUM_MODES),
  /** Payee routing (see PAYEE_ROUTINGS); a profile stored before it existed reads the default. */
  payeeRouting: z.enum(PAYEE_ROUTINGS).default('inline-with-id'),
  /** Search Payouts answer shape (§15.3), see SEARCH_PAYOUTS_SHAPES; a profile stored before it existed reads `page`. */
  searchPayoutsShape: z.enum(SEARCH_PAYOUTS_SHAPES).default('page'),
  /** Bank-account verification body (§16), see VERIFICATION_ENVELOPES; an older profile reads `plain`. */
  verificationEnvelope: z.enum(VERIFICATION_ENVELOPES).default('plain'),
});

export type ApiSwitches = z.infer<typeof apiSwitchesSchema>;

export const DEFAULT_API_SWITCHES: ApiSwitches = {
  searchPaging: 'query',
  searchOffsetUnit: 'items',
  statementAmountUnit: 'rupees',
  beneficiaryContactFields: 'prefixed',
  checksum: 'off',
  payeeRouting: 'inline-with-id',
  searchPayoutsShape: 'page',
  verificationEnvelope: 'plain',
};

const path = z.string().regex(/^\/[A-Za-z0-9/_{}.-]*$/, 'a path starting with /');
/**
 * UAT and Production carry real credentials (and Production real money): plain http would let anyone on the
 * path read the token and redirect payouts. Custom may be a loopback relay or simulator, so it stays open.
 */
const httpsUrl = z
  .string()
  .url()
  .regex(/^https:\/\//i, 'an https:// URL');
const paise = z.number().int().nonnegative();

export const DEFAULT_PENNY_DROP_PATH = '/api/v0/pennyDrop';

/**
 * Verification calls (§16). Its host is UNKNOWN: '' = the environment's payout host (same token, the likeliest
 * reading); an explicit URL sends the same bearer token there, so UAT/Production insist on https as theirs do.
 * `concurrency`: checks in flight at once (EnKash's rate limit for them is UNKNOWN).
 */
export const verificationSettingsSchema = z.object({
  baseUrls: z
    .object({
      uat: httpsUrl.or(z.literal('')).default(''),
      production: httpsUrl.or(z.literal('')).default(''),
      custom: z.string().url().or(z.literal('')).default(''),
    })
    .default({ uat: '', production: '', custom: '' }),
  concurrency: z.number().int().min(1).max(16).default(4),
});
export type VerificationSettings = z.infer<typeof verificationSettingsSchema>;
export const DEFAULT_VERIFICATION_SETTINGS: VerificationSettings = {
  baseUrls: { uat: '', production: '', custom: '' },
  concurrency: 4,
};
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (24 h, IST)');

export const apiProfileSchema = z.object({
  baseUrls: z.object({
    uat: httpsUrl,
    production: httpsUrl,
    custom: z.string().url().or(z.literal('')),
  }),
  paths: z.object({
    token: path,
    createBeneficiary: path,
    searchBeneficiary: path,
    /** `{beneficiaryId}` is replaced (URL-encoded); without it the id goes as a query parameter. */
    deleteBeneficiary: path,
    createPayout: path,
    createBatchPayout: path,
    searchPayouts: path,
    balance: path,
    sourceAccountDetails: path,
    addSourceAccount: path,
    statement: path,
    createWebhook: path,
    getWebhook: path,
    /** Bank-account verification (§16); a profile stored before it existed reads the documented path. */
    pennyDrop: path.default(DEFAULT_PENNY_DROP_PATH),
  }),
  keyDerivation: z.enum(KEY_DERIVATIONS),
  /** Maximum transfers per batch call; EnKash's real limit is unknown (§5.5). */
  batchChunkSize: z.number().int().min(1).max(1000),
  /** Per-mode limits in paise; `null` means no limit enforced on the client. */
  modeLimits: z.object({
    IMPS: z.object({ minPaise: paise.nullable(), maxPaise: paise.nullable() }),
    NEFT: z.object({ minPaise: paise.nullable(), maxPaise: paise.nullable() }),
    RTGS: z.object({ minPaise: paise.nullable(), maxPaise: paise.nullable() }),
    UPI: z.object({ minPaise: paise.nullable(), maxPaise: paise.nullable() }),
  }),
  /** Operating windows (IST) for the settlement modes; outside them pre-flight warns. */
  windows: z.object({
    NEFT: z.object({ start: hhmm, end: hhmm }),
    RTGS: z.object({ start: hhmm, end: hhmm }),
  }),
  fundSourceId: z.string().max(40),
  debitAccountNumber: z.string().max(36),
  /** Sent on every call: the OLD docs list User-Agent as required. */
  userAgent: z.string().min(1).max(200),
  requestTimeoutMs: z.number().int().min(1000).max(300_000),
  /** Search Payouts page size (`limit` query parameter). */
  searchPageSize: z.number().int().min(1).max(5000),
  switches: apiSwitchesSchema.default(DEFAULT_API_SWITCHES),
  /** Bank-account verification host and concurrency; a profile stored before it existed reads the defaults. */
  verification: verificationSettingsSchema.default(DEFAULT_VERIFICATION_SETTINGS),
});

export type ApiProfile = z.infer<typeof apiProfileSchema>;

const RUPEE = 100;

export const DEFAULT_API_PROFILE: ApiProfile = {
  baseUrls: {
    uat: 'https://ekpayout-uat.enkash.in',
    production: 'https://api.enkash.in',
    custom: '',
  },
  paths: {
    token: '/oauth/token',
    createBeneficiary: '/api/v0/beneficiary-detail',
    searchBeneficiary: '/api/v0/beneficiary-detail/search',
    deleteBeneficiary: '/api/v0/beneficiary-detail/{beneficiaryId}',
    createPayout: '/api/v0/payout-transaction',
    createBatchPayout: '/api/v0/payout-transaction/batch',
    searchPayouts: '/api/v0/payout-transaction/search',
    balance: '/api/v0/payout-account/balance',
    sourceAccountDetails: '/api/v0/payout-account/bank-details',
    addSourceAccount: '/api/v0/bankDetail/whitelist',
    statement: '/api/v0/payout-account/statement',
    createWebhook: '/api/v0/webhook-data',
    getWebhook: '/api/v0/webhook-data',
    pennyDrop: DEFAULT_PENNY_DROP_PATH,
  },
  keyDerivation: 'sha256-16',
  batchChunkSize: 100,
  modeLimits: {
    IMPS: { minPaise: null, maxPaise: 200_000 * RUPEE },
    NEFT: { minPaise: null, maxPaise: null },
    RTGS: { minPaise: 200_000 * RUPEE, maxPaise: null },
    UPI: { minPaise: null, maxPaise: 100_000 * RUPEE },
  },
  windows: {
    NEFT: { start: '01:00', end: '18:45' },
    RTGS: { start: '07:00', end: '18:00' },
  },
  fundSourceId: '',
  debitAccountNumber: '',
  userAgent: 'EnKashPayoutDesk/0.1',
  requestTimeoutMs: 30_000,
  searchPageSize: 100,
  switches: DEFAULT_API_SWITCHES,
  verification: DEFAULT_VERIFICATION_SETTINGS,
};

/** Resolves the base URL for an environment; Sandbox's comes from the running simulator. */
export function baseUrlFor(env: Environment, profile: Pick<ApiProfile, 'baseUrls'>, sandboxUrl?: string): string {
  switch (env) {
    case 'sandbox':
      if (!sandboxUrl) throw new Error('The Sandbox simulator is not running');
      return sandboxUrl;
    case 'uat':
      return profile.baseUrls.uat;
    case 'production':
      return profile.baseUrls.production;
    case 'custom':
      if (!profile.baseUrls.custom) throw new Error('No base URL is set for the Custom environment');
      return profile.baseUrls.custom;
  }
}

/** The API profile as the EnKash client takes it (stored profiles always carry their switches). */
export type EnkashProfile = Omit<ApiProfile, 'switches' | 'verification'> & {
  switches?: Partial<ApiSwitches>;
  verification?: Partial<VerificationSettings>;
};

/**
 * The verification host for `env`: its explicit URL when set, else the payout host `payoutBaseUrl` (which for
 * the Sandbox is the running simulator's loopback URL).
 */
export function verificationBaseUrlFor(
  env: Environment,
  profile: Pick<EnkashProfile, 'verification'>,
  payoutBaseUrl: string,
): string {
  if (env === 'sandbox') return payoutBaseUrl;
  const explicit = profile.verification?.baseUrls?.[env];
  return explicit ? explicit : payoutBaseUrl;
}

/** Verification checks in flight at once, within 1–16 whatever the profile holds. */
export function verificationConcurrency(profile: Pick<EnkashProfile, 'verification'>): number {
  const n = profile.verification?.concurrency;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 16
    ? n
    : DEFAULT_VERIFICATION_SETTINGS.concurrency;
}

/** The switches in force for `profile`: its own values where valid, defaults elsewhere. */
export function resolveSwitches(profile: EnkashProfile): ApiSwitches {
  const merged = { ...DEFAULT_API_SWITCHES, ...(profile.switches ?? {}) };
  const parsed = apiSwitchesSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_API_SWITCHES;
}
