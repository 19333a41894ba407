import { AppError } from '../../shared/ipc/errors';
import { checkBeneficiaryRecord } from '../../shared/records/beneficiary-record';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { markLocalBeneficiaryDeleted, upsertLocalBeneficiary } from '../services/local-beneficiaries';

type EnkashHandlers = Pick<
  HandlerMap,
  | 'testConnection'
  | 'runDiagnostics'
  | 'getBalance'
  | 'getSourceAccounts'
  | 'addSourceAccount'
  | 'createBeneficiary'
  | 'searchBeneficiaries'
  | 'deleteBeneficiary'
>;

const elapsed = (start: number) => Math.max(0, Math.round(performance.now() - start));

function messageOf(error: unknown): string {
  return error instanceof AppError ? error.message : 'unexpected error';
}

export function createEnkashHandlers(ctx: MainContext): EnkashHandlers {
  const session = () => ctx.enkash.session();
  const recordBalance = (environment: string, balancePaise: number, at: string) =>
    ctx.db
      .prepare('INSERT INTO balance_checks (environment, balance_paise, checked_at) VALUES (?, ?, ?)')
      .run(environment, balancePaise, at);

  return {
    async testConnection() {
      const environment = ctx.settings.get().environment;
      const steps: { step: 'login' | 'balance'; ok: boolean; message: string; ms: number }[] = [];
      let balancePaise: number | null = null;
      let start = performance.now();
      try {
        const { client } = await session();
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
        recordBalance(environment, balancePaise, ctx.now().toISOString());
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
    },
    async runDiagnostics() {
      const { client, environment } = await session();
      const report = await client.diagnose();
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
      };
    },
    async getBalance() {
      const { client, environment } = await session();
      const balance = await client.getBalance();
      const checkedAt = ctx.now().toISOString();
      recordBalance(environment, balance.totalBalancePaise, checkedAt);
      return { balancePaise: balance.totalBalancePaise, checkedAt, environment };
    },
    async getSourceAccounts() {
      const { client } = await session();
      return client.getSourceAccountDetails();
    },
    async addSourceAccount(input) {
      const { client } = await session();
      return client.addSourceAccount({ accountNumber: input.accountNumber, ifsc: input.ifsc.toUpperCase() });
    },
    async createBeneficiary(input) {
      // The renderer checked the form already; main checks again because the renderer is not trusted.
      const checked = checkBeneficiaryRecord(input);
      if (!checked.value) {
        const issues = Object.entries(checked.problems).flatMap(([path, list]) =>
          (list ?? []).filter((p) => p.severity === 'error').map((p) => ({ path, message: p.message })),
        );
        throw new AppError('invalid_input', 'The beneficiary has errors.', { issues });
      }
      const { client, environment } = await session();
      const created = await client.createBeneficiary(checked.value);
      upsertLocalBeneficiary(ctx.db, environment, checked.value, ctx.now().toISOString());
      return created;
    },
    async searchBeneficiaries({ query }) {
      const { client } = await session();
      const q = query.trim();
      if (q === '') return client.searchBeneficiaries({});
      // A query that could be an id is looked up as one; names are searched too, then merged.
      const byId = /^[A-Za-z0-9]{1,50}$/.test(q) ? await client.searchBeneficiaries({ beneficiaryId: q }) : [];
      const byName = await client.searchBeneficiaries({ name: q });
      const seen = new Set<string>();
      return [...byId, ...byName].filter((b) => !seen.has(b.beneficiaryId) && seen.add(b.beneficiaryId));
    },
    async deleteBeneficiary({ beneficiaryId }) {
      const { client } = await session();
      const result = await client.deleteBeneficiary(beneficiaryId);
      markLocalBeneficiaryDeleted(ctx.db, beneficiaryId, ctx.now().toISOString());
      return result;
    },
  };
}
