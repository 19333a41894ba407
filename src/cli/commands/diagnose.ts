import { flagText, parseArgs, type CliCommand } from '../command';
import { type CliApp, type CliAppOptions, openCliApp } from '../app-context';
import { checkFlags, ENKASH_USAGE, reportFailure, UsageError } from '../enkash-from-env';
import { renderDiagnosticTable } from '../../main/enkash/diagnose-table';
import { knownLandedTransactionIdOps } from '../../main/services/reconcile/search-proof';
import { ENKASH_FIELDS } from '../../shared/rules/enkash-fields';

const USAGE = `diagnose ${ENKASH_USAGE} [--transaction-id ID] [--json]`;

/**
 * `diagnose`: Settings → Diagnostics from the command line, with the data folder's API profile. Per call:
 * answered / not found (path guess wrong?) / refused …, and which key derivation the evidence confirms; the text
 * form is the table to paste into a mail to EnKash support. Search Payouts is tested with `--transaction-id`, else
 * with the newest payout this folder knows landed in the environment. Writes are never probed.
 * Exit 0: every tested call answered; 1: the report shows a problem (or EnKash could not be reached); 2: bad usage.
 */
export function createDiagnoseCommand(deps: Pick<CliAppOptions, 'fetch'> = {}): CliCommand {
  return {
    name: 'diagnose',
    summary: 'Check every EnKash call against the API profile and print a table for EnKash support',
    usage: USAGE,
    run: async (args, io) => {
      const { flags, positionals } = parseArgs(args, ['json', 'verbose']);
      const asJson = flags.json === true;
      let app: CliApp | undefined;
      try {
        checkFlags(flags, ['json', 'transaction-id']);
        if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
        const given = flagText(flags['transaction-id'], 'transaction-id');
        if (given !== undefined && !ENKASH_FIELDS.transactionId.pattern.test(given))
          throw new UsageError('--transaction-id must be a transactionId (letters and digits, at most 30)');
        app = await openCliApp(flags, io, { fetch: deps.fetch, sandboxBaseUrl: 'loopback' });
        const { client } = await app.ctx.enkash.session();
        const knownTransactionId =
          given ?? (await app.ctx.store.run(knownLandedTransactionIdOps(app.environment))) ?? undefined;
        const report = await client.diagnose({ knownTransactionId });
        if (asJson) io.out(JSON.stringify({ environment: app.environment, ...report }));
        else io.out(renderDiagnosticTable(report, app.environment));
        const problem = report.calls.some((c) => c.outcome !== 'answered' && c.outcome !== 'not_tested');
        return problem ? 1 : 0;
      } catch (error) {
        return reportFailure(error, io, asJson, USAGE);
      } finally {
        await app?.close();
      }
    },
  };
}

export const diagnoseCommand = createDiagnoseCommand();
