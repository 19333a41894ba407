import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, existsSync, unlinkSync } from 'node:fs';
import type { LedgerEntry, PayoutStatus, SandboxPayout, SandboxVerification } from './types';

/**
 * The simulator's whole world, held in Maps (ids come from clients, so plain objects would let `__proto__`
 * through) and persisted as one JSON file written atomically (temp file, fsync, rename). No token or secret
 * is ever part of it.
 */

export type StoredBeneficiary = {
  beneficiaryId: string;
  beneficiaryName: string;
  beneficiaryAccountNumber?: string;
  beneficiaryIfsc?: string;
  vpaHandle?: string;
  beneficiaryEmail?: string;
  beneficiaryPhone?: string;
  beneficiaryAddress?: string;
  beneficiaryCity?: string;
  beneficiaryState?: string;
  beneficiaryPincode?: string;
  createdOn: number;
  deletedOn?: number;
};

/** One scheduled status change; applied (in time order) once the clock passes `at`. */
export type LifecycleStep = { at: number; status: PayoutStatus };

/** A payout as SandboxPayout shows it, plus what the simulator keeps to play its lifecycle forward. */
export type StoredPayout = SandboxPayout & {
  seq: number;
  /** Revealed when SUCCESS is reached; chosen at acceptance so it is deterministic. */
  plannedUtr?: string;
  plannedFailureReason?: string;
  steps: LifecycleStep[];
  nextStep: number;
};

export type StatementLine = {
  seq: number;
  transactionId: string;
  at: number;
  type: 'DEBIT' | 'CREDIT';
  remarks: string;
  reference: string;
  mode: string;
  amountPaise: number;
  balanceAfterPaise: number;
};

export type SourceAccount = {
  accountNumber: string;
  ifsc: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdOn: number;
};

export type WebhookConfig = {
  companyId: string;
  webhookUrl: string;
  events: string[];
  headers: Record<string, string>;
  sslCertificate?: string;
  enabled: boolean;
  updatedOn: number;
};

/** One bank-account verification request, kept so a repeated `customerRequestId` is refused (EnKash: unique). */
export type StoredVerification = SandboxVerification;

export type SandboxState = {
  seq: number;
  balancePaise: number;
  beneficiaries: Map<string, StoredBeneficiary>;
  payouts: Map<string, StoredPayout>;
  batches: Map<string, { batchTransactionId: string; createdOn: number; transactionIds: string[] }>;
  ledger: LedgerEntry[];
  statement: StatementLine[];
  sourceAccounts: SourceAccount[];
  webhook: WebhookConfig | null;
  verifications: Map<string, StoredVerification>;
};

const FORMAT_VERSION = 1;

export function emptyState(): SandboxState {
  return {
    seq: 0,
    balancePaise: 0,
    beneficiaries: new Map(),
    payouts: new Map(),
    batches: new Map(),
    ledger: [],
    statement: [],
    sourceAccounts: [],
    webhook: null,
    verifications: new Map(),
  };
}

export function nextSeq(state: SandboxState): number {
  state.seq += 1;
  return state.seq;
}

/** Appends a statement line and moves the balance; the only place the balance changes. */
export function postLine(state: SandboxState, line: Omit<StatementLine, 'seq' | 'balanceAfterPaise'>): StatementLine {
  state.balancePaise += line.type === 'CREDIT' ? line.amountPaise : -line.amountPaise;
  // Spelled out rather than spread (one line per payout): members in the order every caller writes them.
  const full: StatementLine = {
    transactionId: line.transactionId,
    at: line.at,
    type: line.type,
    remarks: line.remarks,
    reference: line.reference,
    mode: line.mode,
    amountPaise: line.amountPaise,
    seq: nextSeq(state),
    balanceAfterPaise: state.balancePaise,
  };
  state.statement.push(full);
  return full;
}

export function serializeState(state: SandboxState): string {
  return JSON.stringify({
    version: FORMAT_VERSION,
    seq: state.seq,
    balancePaise: state.balancePaise,
    beneficiaries: [...state.beneficiaries.values()],
    payouts: [...state.payouts.values()],
    batches: [...state.batches.values()],
    ledger: state.ledger,
    statement: state.statement,
    sourceAccounts: state.sourceAccounts,
    verifications: [...state.verifications.values()],
    // Webhook header values are often shared secrets: they are echoed while the sandbox runs but never
    // written to disk, so after a restart they read back as "[redacted]".
    webhook: state.webhook && {
      ...state.webhook,
      headers: Object.fromEntries(Object.keys(state.webhook.headers).map((k) => [k, '[redacted]'])),
    },
  });
}

type Persisted = {
  version: number;
  seq: number;
  balancePaise: number;
  beneficiaries: StoredBeneficiary[];
  payouts: StoredPayout[];
  batches: { batchTransactionId: string; createdOn: number; transactionIds: string[] }[];
  ledger: LedgerEntry[];
  statement: StatementLine[];
  sourceAccounts: SourceAccount[];
  webhook: WebhookConfig | null;
  /** Absent in files written before verification existed. */
  verifications?: StoredVerification[];
};

export function deserializeState(text: string): SandboxState {
  const data = JSON.parse(text) as Persisted;
  if (data.version !== FORMAT_VERSION || !Array.isArray(data.payouts) || !Number.isSafeInteger(data.balancePaise)) {
    throw new Error('not a sandbox state file of a known version');
  }
  return {
    seq: data.seq,
    balancePaise: data.balancePaise,
    beneficiaries: new Map(data.beneficiaries.map((b) => [b.beneficiaryId, b])),
    payouts: new Map(data.payouts.map((p) => [p.transactionId, p])),
    batches: new Map(data.batches.map((b) => [b.batchTransactionId, b])),
    ledger: data.ledger,
    statement: data.statement,
    sourceAccounts: data.sourceAccounts,
    webhook: data.webhook,
    verifications: new Map((data.verifications ?? []).map((v) => [v.customerRequestId, v])),
  };
}

/** Loads the state file, or returns null when there is none. A corrupt file is an error, never wiped. */
export function loadState(file: string): SandboxState | null {
  if (!existsSync(file)) return null;
  try {
    return deserializeState(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`Sandbox state file ${file} is unreadable: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Writes the state so that a crash leaves either the old or the new file, never half of one. It runs before
 * the HTTP answer leaves, so a payout the client was told about (or never told about, under a fault) is durable.
 */
export function saveState(file: string, state: SandboxState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, serializeState(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  }
}
