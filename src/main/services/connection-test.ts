import { AppError } from '../../shared/domain/errors';
import type { Environment } from '../../shared/settings/api-profile';
import type { MainContext } from '../context';
import { recordBalanceCheckOps } from './balance-check';
import { renderDiagnosticTable } from '../enkash/diagnose-table';
import { knownLandedTransactionIdOps } from './reconcile/search-proof';

export type ConnectionStep = { step: 'login' | 'balance'; ok: boolean; message: string; ms: number };

export type ConnectionReport = {
  environment: Environment;
  ok: boolean;
  balancePaise: number | null;
  steps: ConnectionStep[];
  verdict: string;
};

const elapsed = (start: number) => Math.max(0, Math.round(performance.now() - start));

/** Only our own errors carry a message safe to show; anything else could echo a request or a secret. */
function messageOf(error: unknown): string {
  return error instanceof AppError ? error.message : 'unexpected error';
}

/**
 * "Test connection": a login, then one encrypted call (the balance, which is recorded like any other balance
 * read). A success marks the environment's credentials as verified. Never throws: the report says what failed.
 */
export async function testConnection(
  ctx: Pick<MainContext, 'store' | 'enkash' | 'now' | 'settings' | 'vault'>,
): Promise<ConnectionReport> {
  const environment = ctx.settings.get().environment;
  const steps: ConnectionStep[] = [];
  let balancePaise: number | null = null;
  let start = performance.now();
  try {
    const { client } = await ctx.enkash.session();
    const token = await client.getToken();
    steps.push({
      step: 'login',
      ok: true,
      message: `token received${token.expiresInSeconds !== null ? `, valid ${token.expiresInSeconds} s` : ''}`,
      ms: elapsed(start),
    });
    start = performance.now();
    const balance = await client.getBalance();
    balancePaise = balance.totalBalancePaise;
    await ctx.store.run(recordBalanceCheckOps(environment, balancePaise, ctx.now().toISOString()));
    steps.push({ step: 'balance', ok: true, message: 'balance read and decrypted', ms: elapsed(start) });
    if (environment !== 'sandbox') ctx.vault.markVerified(environment);
  } catch (error) {
    steps.push({
      step: steps.length === 0 ? 'login' : 'balance',
      ok: false,
      message: messageOf(error),
      ms: elapsed(start),
    });
  }
  const ok = steps.length === 2 && steps.every((s) => s.ok);
  const failed = steps.find((s) => !s.ok);
  return {
    environment,
    ok,
    balancePaise,
    steps,
    verdict: ok
      ? 'Login and an encrypted call both work with these settings.'
      : failed?.step === 'login'
        ? `Could not log in: ${failed.message}`
        : `Logged in, but the balance call failed: ${failed?.message ?? 'unknown'}`,
  };
}

/** What the client learned probing the wire (token style, derivation, wrapper), flattened for the screen. */
export async function runDiagnostics(ctx: Pick<MainContext, 'enkash' | 'store'>) {
  const { client, environment } = await ctx.enkash.session();
  // Search Payouts counts as answered only if it lists a payout we know landed here.
  const report = await client.diagnose({
    knownTransactionId: (await ctx.store.run(knownLandedTransactionIdOps(environment))) ?? undefined,
  });
  const errors = [report.token.error, report.balance.error].filter((e) => e !== undefined);
  return {
    environment,
    configuredDerivation: report.configuredDerivation,
    detectedDerivation: report.detectedDerivation,
    tokenStyle: report.token.style,
    tokenExpiresInSeconds: report.token.expiresInSeconds,
    responseWrapper: report.balance.wrapper,
    responsesEncrypted: report.balance.encrypted,
    derivations: report.derivations.map((d) => ({ derivation: d.derivation, result: String(d.result) })),
    errors,
    calls: report.calls.map(({ label, path, outcome, detail }) => ({ label, path, outcome, detail })),
    table: renderDiagnosticTable(report, environment),
  };
}
