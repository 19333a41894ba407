import { parseArgs, type CliCommand } from '../command';
import {
  checkFlags,
  ENKASH_USAGE,
  enkashFromEnv,
  type EnkashFromEnvDeps,
  formatRupees,
  reportFailure,
  UsageError,
} from '../enkash-from-env';
import { paiseToDecimalText } from '../../main/enkash/decimal-json';

const USAGE = `balance ${ENKASH_USAGE} [--json]`;

/** `balance`: the payout account's balance. Exit 0 ok, 1 EnKash failure, 2 bad usage. */
export function createBalanceCommand(deps: EnkashFromEnvDeps = {}): CliCommand {
  return {
    name: 'balance',
    summary: 'Show the EnKash payout account balance (credentials from ENKASH_* environment variables)',
    usage: USAGE,
    run: async (args, io) => {
      const { flags, positionals } = parseArgs(args, ['json', 'verbose']);
      const asJson = flags.json === true;
      let session;
      try {
        checkFlags(flags, ['json']);
        if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
        session = await enkashFromEnv(flags, io, deps);
        const { totalBalancePaise } = await session.client.getBalance();
        if (asJson) {
          io.out(
            JSON.stringify({
              environment: session.environment,
              totalBalancePaise,
              totalBalance: paiseToDecimalText(totalBalancePaise),
            }),
          );
        } else {
          io.out(`Balance (${session.environment}): ${formatRupees(totalBalancePaise)}`);
        }
        return 0;
      } catch (error) {
        return reportFailure(error, io, asJson, USAGE);
      } finally {
        await session?.close();
      }
    },
  };
}

export const balanceCommand = createBalanceCommand();
