import type { KeyDerivation } from '../enkash/crypto';
import type { ApiProfile } from '../../shared/settings/api-profile';
import type { ENKASH_PAYOUT_STATUSES } from '../../shared/domain/payout-states';

/**
 * Public types of the EnKash Sandbox simulator. Everything EnKash leaves undocumented (enkash-api.md §15) is a
 * `Dialect` switch here, so the client can be tested against every plausible reading of the API.
 */

export const FAULT_KINDS = [
  'timeout_after_processing',
  'http5xx_before',
  'http5xx_after',
  'garbled_envelope',
  'token_expiry',
  'code1_after',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultKnobs = {
  /** How long every answer takes, counted from the request's arrival (real time, not the injected clock). */
  latencyMs: number;
  /**
   * `true` (default): `latencyMs` is the API's answer time and the simulator works inside it, so an answer leaves
   * `latencyMs` after its request arrived, or once the work is done if that takes longer; the simulator's own CPU
   * is not EnKash's time and no longer adds to a measured latency. `false`: the older order, the delay first and
   * then the work, so every answer takes `latencyMs` + the simulator's work.
   */
  latencyCoversWork: boolean;
  /** Probability in [0, 1] that an eligible call gets a fault. */
  faultRate: number;
  /** Kinds drawn from (uniformly, seeded) when a fault fires. */
  kinds: FaultKind[];
  /** `timeout_after_processing`: how long to hold the socket open before destroying it. */
  hangMs: number;
};

export type Dialect = {
  /** Token JSON field names: `access_token`… (snake) or `accessToken`… (camel, the NEW docs' example). */
  tokenStyle: 'snake' | 'camel';
  keyDerivation: KeyDerivation;
  /**
   * Success wrapper: `response_code` → {response_code, response_message, payload};
   * `code` → {code, message, payload}; `data` → {response_code, response_message, data}.
   */
  wrapper: 'response_code' | 'code' | 'data';
  /** Whether GET responses (balance, bank details, webhook) are encrypted envelopes. */
  encryptGets: boolean;
  /** Whether GET payloads are wrapped like POST ones; false sends the bare object, e.g. `{"totalBalance":0}`. */
  wrapGets: boolean;
  /** Put 4xx business codes (404/409/412/422) in the HTTP status too; false → HTTP 200, code in the body only. */
  errorsAsHttpStatus: boolean;
  /** Business errors as an encrypted wrapper instead of plain `{"code","message"}` JSON. */
  encryptErrors: boolean;
  /** `offset` query parameter of the search calls: an item offset, or a zero-based page number. */
  searchOffset: 'items' | 'page';
  /** Statement `transactionAmount` unit (typed integer in the docs, unit unknown). */
  statementAmountUnit: 'rupees' | 'paise';
  /** Accept `grant_type=refresh_token` (undocumented, so off by default). */
  refreshGrant: boolean;
  /** Whether a deleted beneficiaryId may be created again (unknown; off = stays reserved → 409). */
  beneficiaryIdReusable: boolean;
  /**
   * Search-payouts failure modes a naive client reads as "not found" (enkash-api.md §15.18); all off by default.
   * `searchPayouts404`: the search path answers an HTML 404 page, as a wrong path behind a proxy would.
   */
  searchPayouts404: boolean;
  /** The search ignores `transactionId`/`batchTransactionId` and lists every payout. */
  searchIgnoresFilters: boolean;
  /** At most this many items per page, whatever `limit` asked (0 = no cap); the total stays honest. */
  searchPageCap: number;
  /** Leave `totalElements` out of search answers (the docs do not say it exists). */
  searchOmitsTotal: boolean;
  /**
   * Longest `transferRemark` accepted (REJECT_TRF_RMK above it). EnKash's limit is undocumented: the default is
   * the rule book's, and a lower value rehearses a server stricter than our rules (a REJECTED row to fix).
   */
  remarkMaxLength: number;
  /**
   * An account whose EnKash setup demands a request checksum (§15.2): every mutating call (create/delete
   * beneficiary, payouts, source account, webhook) answers `412 Invalid checksum in the request`, processing
   * nothing. No client can pass it; it rehearses the refusal. Off in every preset.
   */
  checksumDemanded: boolean;
  /**
   * "403 on login" (§15.19): the token call answers 403, as EnKash does to a caller whose IP is not whitelisted.
   * The credentials are not checked, so the Sandbox's own bad-login count is untouched. Off in every preset.
   */
  forbidLogin: boolean;
  /** Calls (API-profile path names, e.g. `createBatchPayout`) answered 403 Forbidden after the bearer check. */
  forbidOperations: (keyof ApiProfile['paths'])[];
  /**
   * §15.17 read strictly: an inline `beneficiaryDetail` must carry its own `beneficiaryId`; without one the payout
   * is REJECTED with REJECT_BENEF_ID ("Please provide a valid Beneficiary ID"). Off in the default preset.
   */
  requireInlineBeneficiaryId: boolean;
  /**
   * §5.1 hints that EnKash may demand the payee's email and phone at Create Beneficiary (its 422 messages name
   * them): on, a beneficiary without both is refused with 422 "Please provide a valid email" / "… phone number".
   */
  beneficiaryContactRequired: boolean;
  /**
   * §15.17's other open reading: an accepted payout's inline payee with an id is registered under that id, so a
   * later inline payout naming the same id is refused as a whole with `409 Beneficiary ID already exists`.
   */
  inlineRegistersBeneficiary: boolean;
  /** Where the search calls read `offset`/`limit`/`direction`: the query string, or the JSON body (query ignored). */
  searchPaging: 'query' | 'body';
  /**
   * Search Payouts payload: `page` → `{content: [item], totalElements}`; `transaction-list` →
   * `{payoutTransactionList: [item], totalCount}` (a shape the default reader does not know).
   */
  searchPayoutsShape: 'page' | 'transaction-list';
  /** Beneficiary contact field names read and echoed: `beneficiaryEmail` … (prefixed) or `email` … (plain). */
  contactFields: 'prefixed' | 'plain';
  /**
   * Bank-account verification (§16), whose envelope is UNKNOWN: `plain` JSON as its page shows (an envelope is
   * then just a body without the fields), or the payout `encrypted` envelope (plain JSON is "Invalid request format").
   */
  pennyDropEnvelope: 'plain' | 'encrypted';
  /** Where the answer echoes the request's fields: `beside` `payload` (the doc's sample) or `inside` it. */
  pennyDropEchoes: 'beside' | 'inside';
  /**
   * The undocumented `status` word: `common` says SUCCESS / FAILED; `unlisted` says words no list of ours has
   * (NAME_FETCHED / NAME_NOT_FETCHED), so only the bank-held name can tell the client what happened.
   */
  pennyDropStatusWords: 'common' | 'unlisted';
};

export const SANDBOX_PRESETS = ['default', 'strict'] as const;
export type SandboxPreset = (typeof SANDBOX_PRESETS)[number];

/** Lifecycle timing (on the injected clock) and outcome rates. */
export type SandboxTiming = {
  /** Batch items: PENDING → PROCESSING after this long. */
  pendingMs: number;
  /** PROCESSING → SUCCESS | FAILED after this long. */
  processingMs: number;
  /** SUCCESS → REVERSED after this long (for the payouts chosen to reverse). */
  reversalMs: number;
  /** Probability in [0, 1] that a payout FAILS at the bank. */
  failRate: number;
  /** Probability in [0, 1] that a SUCCESS is later REVERSED. */
  reverseRate: number;
};

export type SandboxCredentials = {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  companyId: string;
  fundSourceId: string;
  /** The source account whitelisted from the start. */
  debitAccountNumber: string;
  sourceIfsc: string;
};

export type SandboxOptions = {
  /** 0 = any free port. */
  port?: number;
  /** The simulator only ever listens on loopback. */
  host?: '127.0.0.1';
  seed?: number;
  /** Shorthand for `faults.latencyMs`. */
  latencyMs?: number;
  /** Injectable clock in ms; drives token expiry, lockout and the payout lifecycle. */
  now?: () => number;
  tokenTtlSeconds?: number;
  /** How long an account stays locked after 3 consecutive bad logins. */
  lockoutSeconds?: number;
  /** Opening balance (credited as a funding line in the statement). */
  initialBalancePaise?: number;
  /** Atomic JSON persistence; an existing file wins over `initialBalancePaise`. */
  stateFile?: string;
  faults?: Partial<FaultKnobs>;
  /**
   * The dialect and paths to start from (`options.dialect`/`options.paths` override them): `default` repeats the
   * client's guesses; `strict` answers every unknown the client can switch the other way (config.ts).
   */
  preset?: SandboxPreset;
  dialect?: Partial<Dialect>;
  timing?: Partial<SandboxTiming>;
  credentials?: Partial<SandboxCredentials>;
  /** Override the served paths (defaults: DEFAULT_API_PROFILE.paths). */
  paths?: Partial<ApiProfile['paths']>;
  /** Largest batch accepted (422 above). */
  maxBatchSize?: number;
};

export type PayoutStatus = (typeof ENKASH_PAYOUT_STATUSES)[number];

export const REJECT_CODES = [
  'REJECT_BENEF_ID',
  'REJECT_TXN_ID',
  'REJECT_TRF_AMT',
  'REJECT_TRF_MODE',
  'REJECT_TRF_RMK',
  'REJECT_FND_SRC_ID',
  'REJECT_BENEF_DET_ID',
  'REJECT_BENEF_NAME',
  'REJECT_BENEF_ACC',
  'REJECT_BENEF_IFSC',
  'REJECT_BENEF_EMAIL',
  'REJECT_CHKSUM',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

// EnKash's transfer modes, defined once in shared/domain/payout.ts: the Sandbox plays EnKash with the same list.
export { TRANSFER_MODES, type TransferMode } from '../../shared/domain/payout';

/** Money that actually left the balance: one entry per accepted payout, written the moment it is accepted. */
export type LedgerEntry = { transactionId: string; amountPaise: number; at: number };

export type PayeeSnapshot = {
  name: string;
  accountNumber?: string;
  ifsc?: string;
  vpa?: string;
  email?: string;
};

/** A payout as the simulator holds it (status as of the clock's current time). */
export type SandboxPayout = {
  transactionId: string;
  enkashTransactionId: string;
  batchTransactionId?: string;
  beneficiaryId?: string;
  payee?: PayeeSnapshot;
  /** Absent when the request's amount could not be read exactly. */
  amountPaise?: number;
  transferMode?: string;
  transferRemark?: string;
  reference?: string;
  status: PayoutStatus;
  rejectCode?: RejectCode;
  rejectReason?: string;
  utr?: string;
  failureReason?: string;
  createdAt: number;
  updatedAt: number;
  /** How many create attempts used this transactionId (REJECTED ones may be re-initiated). */
  attempts: number;
};

export type SandboxStats = {
  requests: number;
  logins: number;
  failedLogins: number;
  lockedLoginAttempts: number;
  unauthorized: number;
  byOperation: Record<string, number>;
  faults: Record<FaultKind, number>;
  payoutsAccepted: number;
  payoutsRejected: number;
};

export type SandboxHandle = {
  url: string;
  port: number;
  close(): Promise<void>;
  setFaults(f: Partial<FaultKnobs>): void;
  setDialect(d: Partial<Dialect>): void;
  ledger(): LedgerEntry[];
  paidCount(transactionId: string): number;
  balancePaise(): number;
  payouts(): SandboxPayout[];
  stats(): SandboxStats;
  /** Credit the balance (a funding line in the statement), e.g. a "top up" button in the app's sandbox mode. */
  addFunds(amountPaise: number): void;
  /** Clear a login lockout without waiting for it to expire. */
  resetLockout(): void;
  /** Every bank-account verification request accepted so far, oldest first (tests count EnKash calls with it). */
  verifications(): SandboxVerification[];
};

/** One accepted bank-account verification (`POST /api/v0/pennyDrop`). */
export type SandboxVerification = {
  customerRequestId: string;
  accountNumber: string;
  ifsc: string;
  pennyLess: boolean;
  enkashUniqueId: string;
  status: 'verified' | 'failed';
  utr?: string;
  at: number;
};
