import type { Generated, GeneratedAlways } from 'kysely';
import type {
  AuditLogTable,
  BatchesTable,
  ChunksTable,
  Id,
  ImportsTable,
  JournalLeaseTable,
  PayoutsTable,
  SearchHealthTable,
  SearchProofsTable,
  SentRequestsTable,
} from './journal-tables';

export type * from './journal-tables';

export type BeneficiariesTable = {
  beneficiary_id: string;
  environment: string;
  name: string;
  account_number: string | null;
  ifsc: string | null;
  vpa: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  pincode: string | null;
  created_at: string;
  deleted_at: string | null;
};

export type BalanceChecksTable = { id: Id; environment: string; balance_paise: number; checked_at: string };

export type ReconRunsTable = {
  id: Id;
  environment: string;
  from_date: string;
  to_date: string;
  range_start: string;
  range_end: string;
  fetched_start: string;
  fetched_end: string;
  debit_account: string | null;
  request_ids: Generated<string>;
  created_at: string;
  line_count: number;
  matched_lines: number;
  unmatched_lines: number;
  unmatched_payouts: number;
  flagged: number;
  debit_paise: number;
  credit_paise: number;
  summary: Generated<string>;
};

export type ReconLinesTable = {
  id: Id;
  run_id: number;
  seq: number;
  in_range: 0 | 1;
  transaction_id: string | null;
  transaction_date: string | null;
  value_date: string | null;
  transaction_type: string | null;
  direction: 'DEBIT' | 'CREDIT' | 'UNKNOWN';
  remarks: string | null;
  reference_number: string | null;
  mode: string | null;
  amount_paise: number;
  running_balance_paise: number | null;
  payout_id: number | null;
  method: 'utr' | 'transaction_id' | 'enkash_id' | 'remarks' | 'reference' | 'amount_date' | null;
  confidence: number | null;
  role: 'payment' | 'refund' | 'reversal' | null;
  payout_state: string | null;
  flag: string | null;
  note: string | null;
};

export type ReconPayoutIssuesTable = {
  run_id: number;
  payout_id: number;
  issue: string;
  payout_state: string;
  note: string | null;
};

export type AccountingSettingsTable = { key: string; value: string; updated_at: string };
export type TallyPartyLedgersTable = { payee_key: string; payee_name: string; ledger: string; updated_at: string };

export type PayeeRegistryTable = {
  environment: string;
  beneficiary_id: string;
  payee_key: string;
  payee_name: string;
  account_number: string | null;
  ifsc: string | null;
  vpa: string | null;
  source: 'created' | 'found';
  registered_at: string;
};

export type ImportDraftsTable = {
  environment: string;
  kind: 'payouts' | 'beneficiaries';
  file_name: string;
  sha256: string;
  mapping: string;
  created_at: string;
  updated_at: string;
};

export type ImportDraftPatchesTable = {
  environment: string;
  kind: string;
  row_index: number;
  col_index: number;
  old_value: string;
  new_value: string;
};

export type PayeeVerificationsTable = {
  environment: string;
  account_number: string;
  ifsc: string;
  status: 'verified' | 'failed';
  bank_name: string | null;
  raw_status: string | null;
  penny_drop: number;
  verified_at: string;
  enkash_unique_id: string | null;
  utr: string | null;
  customer_request_id: string;
};

export type PayeeVerificationRequestsTable = {
  customer_request_id: string;
  environment: string;
  account_number: string;
  ifsc: string;
  penny_drop: number;
  requested_at: string;
  outcome: 'sent' | 'verified' | 'failed' | 'error';
  error_kind: string | null;
  answered_at: string | null;
};

export type SchemaMigrationsTable = { version: number; name: string; checksum: string; applied_at: string };

/**
 * The tables both engines have, with the same columns and value types (migrations 001–010). Engine-only parts are in
 * SqliteDatabase / PgDatabase below; code meant to run on both takes `Kysely<Database>`.
 */
export type Database = {
  imports: ImportsTable;
  batches: BatchesTable;
  chunks: ChunksTable;
  payouts: PayoutsTable;
  beneficiaries: BeneficiariesTable;
  balance_checks: BalanceChecksTable;
  audit_log: AuditLogTable;
  recon_runs: ReconRunsTable;
  recon_lines: ReconLinesTable;
  recon_payout_issues: ReconPayoutIssuesTable;
  journal_lease: JournalLeaseTable;
  accounting_settings: AccountingSettingsTable;
  tally_party_ledgers: TallyPartyLedgersTable;
  sent_requests: SentRequestsTable;
  search_proofs: SearchProofsTable;
  search_health: SearchHealthTable;
  payee_registry: PayeeRegistryTable;
  import_drafts: ImportDraftsTable;
  import_draft_patches: ImportDraftPatchesTable;
  payee_verifications: PayeeVerificationsTable;
  payee_verification_requests: PayeeVerificationRequestsTable;
  schema_migrations: SchemaMigrationsTable;
};

/**
 * SQLite's payee search: the contentless FTS5 table and the bookkeeping that catches it up in bulk before a search
 * (services/history/payee-index.ts). PostgreSQL needs none of it: its tsvector column is generated with the row.
 */
export type SqliteDatabase = Database & {
  payouts_payee_fts: { rowid: number; payee_name: string | null; beneficiary_id: string | null; vpa: string | null };
  payee_index_state: { id: 1; indexed_to: number };
  payee_index_dirty: { payout_id: number };
};

/** PostgreSQL's payee search column, and each chunk's lease (several servers on one database, issue 13 point 2). */
export type PgDatabase = Omit<Database, 'payouts' | 'chunks'> & {
  payouts: PayoutsTable & { payee_tsv: GeneratedAlways<string> };
  chunks: ChunksTable & { lease_owner: string | null; lease_expires_at_ms: number | null };
};
