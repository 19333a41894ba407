import { flagText, type CliCommand } from '../command';
import { viaServer } from '../server-client';
import type { CliAppOptions } from '../app-context';
import { ENKASH_USAGE, formatRupees, UsageError } from '../enkash-from-env';
import { checkBalance } from '../../main/services/balance-check';
import { paiseToDecimal } from '../../shared/domain/money';
import { enkashCommand } from './enkash-command';

const USAGE = `balance ${ENKASH_USAGE} [--server URL] [--json]`;

/**
 * `balance`: the payout account's balance, read and recorded in the data folder's history as the app's Get
 * Balance does (in the Sandbox: that folder's ledger). Exit 0 ok, 1 EnKash failure, 2 bad usage.
 */
export function createBalanceCommand(deps: Pick<CliAppOptions, 'fetch'> = {}): CliCommand {
  const spec = {
    name: 'balance',
    summary: 'Show the EnKash payout account balance (credentials from ENKASH_* environment variables)',
    usage: USAGE,
    options: ['server'],
  };
  return enkashCommand(spec, deps, async ({ flags, positionals, io, asJson, open }) => {
    if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
    const server = flagText(flags.server, 'server');
    // A team's balance is the Desk Server's account (its credentials, its fixed IP), read and recorded there.
    const { balancePaise, environment } =
      server === undefined
        ? await checkBalance((await open()).ctx)
        : await viaServer<{ balancePaise: number; environment: string }>(server, io, 'getBalance');
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
