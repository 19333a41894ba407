/**
 * The EnKash Payouts client: the only module that talks to EnKash. Services take an `EnkashClient`; every
 * method resolves to our own types (amounts in integer paise) or rejects with an AppError.
 */
export { createEnkashClient, type EnkashClient, type EnkashClientOptions, type TokenCheck } from './client';
export type { DiagnosticReport, DerivationResult } from './diagnose';
export { isDuplicate, isOutcomeUnknown } from './errors';
export type { Credentials, CredentialsProvider } from './token-manager';
export type { FetchLike, Clock } from './transport';
export type { EnkashLog } from './redact';
export * from './inputs';
export type { BatchItemFailure, BatchPayoutResult, PayoutRecord, PayoutSearchResult } from './payout-outputs';
export type {
  Balance,
  BeneficiaryRecord,
  SourceAccount,
  Statement,
  StatementEntry,
  WebhookConfig,
} from './account-outputs';
export { decimalToPaise } from './decimal-json';
export type { BankAccountCheck, BankAccountCheckInput } from './verification';
