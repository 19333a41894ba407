import type { CliCommand } from '../command';
import type { CliAppOptions } from '../app-context';
import { ENKASH_USAGE, formatRupees, UsageError } from '../enkash-from-env';
import { checkBalance } from '../../main/services/balance-check';
import { paiseToDecimal } from '../../shared/domain/money';
import { enkashCommand } from './enkash-command';

const USAGE = `balance ${ENKASH_USAGE} [--json]`;

/**
 * `balance`: the payout account's balance, read and recorded in the data folder's history as the app's Get
 * Balance does (in the Sandbox: that folder's ledger). Exit 0 ok, 1 EnKash failure, 2 bad usage.
 */
export function createBalanceCommand(deps: Pick<CliAppOptions, 'fetch'> = {}): CliCommand {
  const spec = {
    name: 'balance',
    summary: 'Show the EnKash payout account balance (credentials from ENKASH_* environment variables)',
    usage: USAGE,
    options: [],
  };
  return enkashCommand(spec, deps, async ({ positionals, io, asJson, open }) => {
    if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
    const { balancePaise, environment } = await checkBalance((await open()).ctx);
    if (asJson) {
      const totalBalance = paiseToDecimal(balancePaise);
      io.out(JSON.stringify({ environment, totalBalancePaise: balancePaise, totalBalance }));
    } else {
      io.out(`Balance (${environment}): ${formatRupees(balancePaise)}`);
    }
    return 0;
  });
}

export const balanceCommand = createBalanceCommand();
