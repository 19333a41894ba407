import {
  type Balance,
  type BeneficiaryRecord,
  readBalance,
  readBeneficiary,
  readBeneficiaryList,
  readSourceAccount,
  readSourceAccounts,
  readStatement,
  readWebhook,
  type SourceAccount,
  type Statement,
  type WebhookConfig,
} from './account-outputs';
import { type CallCore, createCallCore, validateInput } from './call';
import { type DiagnoseOptions, type DiagnosticReport, runDiagnosis } from './diagnose';
import { fail, toAppError } from './errors';
import type { ParsedBody } from './response';
import * as inputs from './inputs';
import {
  type BatchPayoutResult,
  type PayoutRecord,
  type PayoutSearchResult,
  readBatchResult,
  readPayout,
  readPayoutSearch,
} from './payout-outputs';
import { type EnkashProfile, resolveSwitches } from '../../shared/settings/api-profile';
import { type EnkashLog, safeLogger } from './redact';
import { requireStatementDebitAccount } from './statement-request';
import { type CredentialsProvider, createTokenManager, type LoginInfo, type LoginLockStore } from './token-manager';
import { type Clock, createTransport, type FetchLike } from './transport';
import { isObject } from './wire-read';
import * as wire from './wire-requests';
import { type BankAccountCheck, type BankAccountCheckInput, checkBankAccount } from './verification';

export type EnkashClientOptions = {
  /** Environment base URL (UAT, production, custom, or the running Sandbox's loopback URL). */
  baseUrl: string;
  profile: EnkashProfile;
  credentials: CredentialsProvider;
  fetch?: FetchLike;
  clock?: Clock;
  log?: EnkashLog;
  maxBodyBytes?: number;
  /** Keeps the bad-login lock across client rebuilds and restarts (see token-manager). */
  loginLock?: LoginLockStore;
  /**
   * Where bank-account verification goes (enkash-api.md §16: its host is UNKNOWN); default `baseUrl`. The token
   * is the payout login's either way (see verificationBaseUrlFor in the API profile).
   */
  verificationBaseUrl?: string;
};

/** What "Test connection" learns from a login; the token itself never leaves the client. */
export type TokenCheck = { obtained: true; style: LoginInfo['style'] | null; expiresInSeconds: number | null };

/** The twelve EnKash Payouts calls plus diagnostics. Every method rejects only with an AppError. */
export type EnkashClient = {
  /** The base URL it talks to (Search's proof is tied to it); optional so test doubles need not set it. */
  readonly baseUrl?: string;
  getToken(): Promise<TokenCheck>;
  createBeneficiary(input: inputs.BeneficiaryInput): Promise<BeneficiaryRecord>;
  searchBeneficiaries(input: inputs.SearchBeneficiariesInput): Promise<BeneficiaryRecord[]>;
  deleteBeneficiary(beneficiaryId: string): Promise<{ beneficiaryId: string; deleted: true }>;
  createPayout(input: inputs.PayoutInput): Promise<PayoutRecord>;
  /**
   * `resend`: the identical re-post of a chunk that may already have landed. Its size was checked when it first
   * left; refusing it now because Settings ask for smaller chunks would strand payouts that may have been paid.
   */
  createBatchPayout(input: inputs.BatchPayoutInput, opts?: { resend?: boolean }): Promise<BatchPayoutResult>;
  searchPayouts(input: inputs.SearchPayoutsInput): Promise<PayoutSearchResult>;
  getBalance(input?: inputs.BalanceInput): Promise<Balance>;
  getSourceAccountDetails(): Promise<SourceAccount[]>;
  addSourceAccount(
    input: inputs.AddSourceAccountInput,
  ): Promise<{ message: string | null; account: SourceAccount | null }>;
  fetchStatement(input: inputs.StatementInput): Promise<Statement>;
  createWebhook(input: inputs.WebhookInput): Promise<WebhookConfig>;
  getWebhook(): Promise<WebhookConfig | null>;
  /**
   * Bank-account verification (§16): the name the bank holds for an account. Penny-less unless `pennyLess` is
   * false (a penny drop moves a small credit and costs a fee). `customerRequestId` must never have been used
   * before. Never retried here: a re-sent id is refused by EnKash. `signal` aborts it (AppError `cancelled`).
   */
  verifyBankAccount(input: BankAccountCheckInput, signal?: AbortSignal): Promise<BankAccountCheck>;
  /** Which key derivation and wrapper style the server speaks, and per call what answers (Settings → Diagnostics). */
  diagnose(opts?: DiagnoseOptions): Promise<DiagnosticReport>;
  /** Lifts the "login rejected" lock for an explicit user retry; the next call logs in once. */
  resetLoginLock(): void;
  isLoginLocked(): boolean;
};

// "No records found" as EnKash-style wrappers phrase it: a search result, not an error.
const NOT_FOUND = /not\s+found|no\s+(record|data|transaction|payout|beneficiar)[a-z]*(\s+\w+)?\s+(found|exist)/i;

function notFoundAs<T>(empty: T) {
  return ({ code, message }: { code: number | null; message: string | null }) =>
    code !== null && (code === 404 || (code !== 0 && NOT_FOUND.test(message ?? ''))) ? empty : undefined;
}

/**
 * The object a create call echoes. An explicit success code with no data is accepted (the caller fills in
 * what it sent); an array or a primitive where an object belongs is a bad shape.
 */
function echo(p: ParsedBody, status: number, where: string): Record<string, unknown> {
  if (isObject(p.data)) return p.data;
  if ((p.data === null || p.data === undefined) && p.code === 0) return {};
  fail({ kind: 'bad_shape', httpStatus: status, issues: [`${where}: expected an object`] });
}

/** The batch schema with the profile's chunk limit: made once per limit, as a new zod schema per call cost more. */
const chunkedSchemas = new Map<number, typeof inputs.batchPayoutInputSchema>();

function chunkedBatchSchema(batchChunkSize: number): typeof inputs.batchPayoutInputSchema {
  let schema = chunkedSchemas.get(batchChunkSize);
  if (!schema) {
    schema = inputs.batchPayoutInputSchema.refine((b) => b.transfers.length <= batchChunkSize, {
      message: `at most ${batchChunkSize} transfers per batch (profile batchChunkSize)`,
      path: ['transfers'],
    });
    chunkedSchemas.set(batchChunkSize, schema);
  }
  return schema;
}

/** Builds the client. Nothing is sent until a method is called. */
export function createEnkashClient(opts: EnkashClientOptions): EnkashClient {
  const { profile } = opts;
  const switches = resolveSwitches(profile);
  const clock = opts.clock ?? Date.now;
  const log = safeLogger(opts.log);
  const transport = createTransport({
    baseUrl: opts.baseUrl,
    profile,
    fetch: opts.fetch,
    maxBodyBytes: opts.maxBodyBytes,
    log,
    clock,
  });
  const tokens = createTokenManager({
    transport,
    profile,
    credentials: opts.credentials,
    clock,
    log,
    loginLock: opts.loginLock,
  });
  const core: CallCore = createCallCore({
    transport,
    tokens,
    derivation: profile.keyDerivation,
    checksum: switches.checksum,
    log,
  });
  const paths = profile.paths;
  // Verification may live on another host (same token); only then does it get a transport of its own.
  const verifyUrl = opts.verificationBaseUrl?.trim() || opts.baseUrl;
  const verifyCore: CallCore =
    verifyUrl === opts.baseUrl
      ? core
      : createCallCore({
          transport: createTransport({
            baseUrl: verifyUrl,
            profile,
            fetch: opts.fetch,
            maxBodyBytes: opts.maxBodyBytes,
            log,
            clock,
          }),
          tokens,
          derivation: profile.keyDerivation,
          checksum: switches.checksum,
          log,
        });
  const paging = (s: { offset?: number; limit?: number }) => ({
    offset: s.offset ?? 0,
    limit: s.limit ?? profile.searchPageSize,
  });

  return {
    baseUrl: opts.baseUrl,
    async getToken() {
      try {
        await tokens.getSession();
      } catch (e) {
        throw toAppError(e, { operation: 'getToken', effect: 'read' });
      }
      const info = tokens.lastLogin();
      return { obtained: true, style: info?.style ?? null, expiresInSeconds: info?.expiresInSeconds ?? null };
    },

    async createBeneficiary(raw) {
      const input = validateInput(inputs.beneficiaryInputSchema, raw, 'createBeneficiary');
      const body = wire.beneficiaryWire(input, switches);
      return core.execute({
        operation: 'createBeneficiary',
        effect: 'write',
        method: 'POST',
        path: paths.createBeneficiary,
        body,
        // The response echoes the beneficiary; fill what the echo leaves out from what we sent.
        accept: (p, status) => readBeneficiary({ ...body, ...echo(p, status, 'beneficiary') }, status),
      });
    },

    async searchBeneficiaries(raw) {
      const input = validateInput(inputs.searchBeneficiariesInputSchema, raw, 'searchBeneficiaries');
      const { body, query } = wire.searchWire(wire.beneficiarySearchFilters(input), paging(input), switches);
      return core.execute({
        operation: 'searchBeneficiaries',
        effect: 'read',
        method: 'POST',
        path: paths.searchBeneficiary,
        query,
        body,
        accept: (p, status) => readBeneficiaryList(p.data, status),
        recover: notFoundAs<BeneficiaryRecord[]>([]),
      });
    },

    async deleteBeneficiary(rawId) {
      const beneficiaryId = validateInput(inputs.beneficiaryIdSchema, rawId, 'deleteBeneficiary');
      const { path, query } = wire.deletePath(paths.deleteBeneficiary, beneficiaryId);
      const done = { beneficiaryId, deleted: true as const };
      return core.execute({
        operation: 'deleteBeneficiary',
        effect: 'write',
        method: 'DELETE',
        path,
        query,
        accept: () => done,
        emptyBody: () => done,
      });
    },

    async createPayout(raw) {
      const input = validateInput(inputs.payoutInputSchema, raw, 'createPayout');
      return core.execute({
        operation: 'createPayout',
        effect: 'write',
        method: 'POST',
        path: paths.createPayout,
        body: wire.payoutWire(input, profile, switches),
        accept: (p, status) => readPayout({ transactionId: input.transactionId, ...echo(p, status, 'payout') }, status),
      });
    },

    async createBatchPayout(raw, opts) {
      const schema = opts?.resend ? inputs.batchPayoutInputSchema : chunkedBatchSchema(profile.batchChunkSize);
      const input = validateInput(schema, raw, 'createBatchPayout');
      const submitted = {
        batchTransactionId: input.batchTransactionId,
        transactionIds: input.transfers.map((t) => t.transactionId),
      };
      return core.execute({
        operation: 'createBatchPayout',
        effect: 'write',
        method: 'POST',
        path: paths.createBatchPayout,
        body: wire.batchWire(input, profile, switches),
        accept: (p, status) => readBatchResult(p.data, submitted, status),
      });
    },

    async searchPayouts(raw) {
      const input = validateInput(inputs.searchPayoutsInputSchema, raw, 'searchPayouts');
      const { body, query } = wire.searchWire(wire.payoutSearchFilters(input), paging(input), switches);
      return core.execute({
        operation: 'searchPayouts',
        effect: 'read',
        method: 'POST',
        path: paths.searchPayouts,
        query,
        body,
        accept: (p, status) => readPayoutSearch(p.data, status, switches.searchPayoutsShape),
        recover: notFoundAs<PayoutSearchResult>({ items: [], total: 0 }),
      });
    },

    async getBalance(raw = {}) {
      const input = validateInput(inputs.balanceInputSchema, raw, 'getBalance');
      return core.execute({
        operation: 'getBalance',
        effect: 'read',
        method: 'GET',
        path: paths.balance,
        query: {
          fundSourceId: input.fundSourceId || profile.fundSourceId || undefined,
          debitAccountNumber: input.debitAccountNumber || profile.debitAccountNumber || undefined,
        },
        accept: (p, status) => readBalance(p.data, status),
      });
    },

    async getSourceAccountDetails() {
      return core.execute({
        operation: 'getSourceAccountDetails',
        effect: 'read',
        method: 'GET',
        path: paths.sourceAccountDetails,
        query: { fundSourceId: profile.fundSourceId || undefined },
        accept: (p, status) => readSourceAccounts(p.data, status),
        recover: notFoundAs<SourceAccount[]>([]),
      });
    },

    async addSourceAccount(raw) {
      const input = validateInput(inputs.addSourceAccountInputSchema, raw, 'addSourceAccount');
      return core.execute({
        operation: 'addSourceAccount',
        effect: 'write',
        method: 'POST',
        path: paths.addSourceAccount,
        body: wire.sourceAccountWire(input),
        accept: (p, status) => ({
          message: p.message,
          account: isObject(p.data) && Object.keys(p.data).length > 0 ? readSourceAccount(p.data, status) : null,
        }),
      });
    },

    async fetchStatement(raw) {
      const input = validateInput(inputs.statementInputSchema, raw, 'fetchStatement');
      const body = wire.statementWire(input, profile);
      requireStatementDebitAccount(body); // §5.9: required; refused before any request
      return core.execute({
        operation: 'fetchStatement',
        effect: 'read',
        method: 'POST',
        path: paths.statement,
        body,
        accept: (p, status) => readStatement(p.data, p.requestId, switches, status),
      });
    },

    async createWebhook(raw) {
      const input = validateInput(inputs.webhookInputSchema, raw, 'createWebhook');
      const body = wire.webhookWire(input);
      return core.execute({
        operation: 'createWebhook',
        effect: 'write',
        method: 'POST',
        path: paths.createWebhook,
        body,
        accept: (p, status) => readWebhook({ ...body, ...echo(p, status, 'webhook') }, status) as WebhookConfig,
      });
    },

    async getWebhook() {
      return core.execute({
        operation: 'getWebhook',
        effect: 'read',
        method: 'GET',
        path: paths.getWebhook,
        accept: (p, status) => readWebhook(p.data, status),
        recover: notFoundAs<WebhookConfig | null>(null),
      });
    },

    verifyBankAccount: (raw, signal) =>
      checkBankAccount(verifyCore, { path: paths.pennyDrop, envelope: switches.verificationEnvelope }, raw, signal),

    diagnose: (o) => runDiagnosis({ core, tokens, profile, baseUrl: opts.baseUrl, now: clock }, o),
    resetLoginLock: () => tokens.resetLock(),
    isLoginLocked: () => tokens.isLocked(),
  };
}
