import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { BatchState, ChunkState, PayoutState } from '../../../shared/domain/payout-states';

// Column types of the journal's tables (SQLite migrations 001–009, and their PostgreSQL twins in db/pg/migrations).
// Both engines store the same values: money as integer paise (pg's int8 is parsed to a safe-integer number, see
// pg-kysely.ts), timestamps as ISO-8601 UTC text, flags as 0/1 integers (CHECKed), JSON as text.

/** 0 or 1: both engines keep SQLite's integer flags (a CHECK limits them), so rows compare equal across engines. */
export type Flag = 0 | 1;
/** An id the database assigns (SQLite INTEGER PRIMARY KEY, PostgreSQL identity); an insert may still give one. */
export type Id = Generated<number>;

export type ImportsTable = {
  id: Id;
  file_name: string;
  sha256: string;
  kind: 'payouts' | 'beneficiaries';
  row_count: number;
  valid_count: number;
  error_count: number;
  warning_count: number;
  total_paise: number;
  environment: string;
  created_at: string;
};

export type BatchesTable = {
  id: Id;
  import_id: number | null;
  parent_batch_id: number | null;
  name: string;
  environment: string;
  state: BatchState;
  row_count: number;
  total_paise: number;
  created_at: string;
  confirmed_at: string | null;
  finished_at: string | null;
  kind: ColumnType<'sheet' | 'single' | 'retry', 'sheet' | 'single' | 'retry' | undefined>;
  last_error: string | null;
};

export type ChunksTable = {
  id: Id;
  batch_id: number;
  seq: number;
  batch_transaction_id: string;
  state: ChunkState;
  sent_at: string | null;
  landed: Generated<Flag>;
  attempts: Generated<number>;
};

export type PayoutsTable = {
  id: Id;
  batch_id: number;
  chunk_id: number | null;
  row_number: number;
  transaction_id: string;
  beneficiary_id: string | null;
  payee_name: string | null;
  account_number: string | null;
  ifsc: string | null;
  vpa: string | null;
  email: string | null;
  phone: string | null;
  amount_paise: number;
  mode: 'IMPS' | 'NEFT' | 'RTGS' | 'UPI';
  remark: string | null;
  reference: string | null;
  state: PayoutState;
  enkash_status: string | null;
  enkash_transaction_id: string | null;
  utr: string | null;
  reject_code: string | null;
  failure_reason: string | null;
  attempts: Generated<number>;
  created_at: string;
  sent_at: string | null;
  accepted_at: string | null;
  final_at: string | null;
  updated_at: string;
  next_check_at: string | null;
  retry_of_payout_id: number | null;
  last_route: 'batch' | 'single' | null;
  searched_at: string | null;
  checks: Generated<number>;
  requested_transaction_id: string | null;
  mode_defaulted: Generated<Flag>;
  /** Last 4 characters of account_number (generated on both engines). */
  account_last4: GeneratedAlways<string | null>;
  conflict: string | null;
  flag: string | null;
  previous_transaction_ids: string | null;
  id_from_sheet: Generated<Flag>;
};

export type SentRequestsTable = {
  id: Id;
  kind: 'batch' | 'single';
  chunk_id: number | null;
  payout_id: number | null;
  transaction_id: string | null;
  body: string;
  created_at: string;
};

/** Append-only on both engines (triggers refuse UPDATE and DELETE). */
export type AuditLogTable = {
  id: Id;
  at: string;
  entity: string;
  entity_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  data: Generated<string>;
  prev_hash: string;
  hash: string;
};

export type JournalLeaseTable = {
  id: 1;
  owner_id: string;
  pid: number;
  host: string;
  kind: string;
  acquired_at: string;
  heartbeat_at: string;
  expires_at_ms: number;
};

export type SearchProofsTable = {
  environment: string;
  fingerprint: string;
  transaction_id: string;
  source: 'landed' | 'probe';
  proven_at: string;
};

export type SearchHealthTable = {
  environment: string;
  state: 'unavailable' | 'unproven';
  detail: string;
  checked_at: string;
};
