import type { KeyDerivation } from '../enkash/crypto';
import type { ApiProfile } from '../enkash/profile';

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
  /** Delay added before every request is handled (real time, not the injected clock). */
  latencyMs: number;
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
};

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
  dialect?: Partial<Dialect>;
  timing?: Partial<SandboxTiming>;
  credentials?: Partial<SandboxCredentials>;
  /** Override the served paths (defaults: DEFAULT_API_PROFILE.paths). */
  paths?: Partial<ApiProfile['paths']>;
  /** Largest batch accepted (422 above). */
  maxBatchSize?: number;
};

export const PAYOUT_STATUSES = ['PENDING', 'PROCESSING', 'SUCCESS', 'FAILED', 'REVERSED', 'REJECTED'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

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

export const TRANSFER_MODES = ['IMPS', 'NEFT', 'RTGS', 'UPI'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

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
};
