import type { CliCommand, CliIo } from '../command';
import type { CliAppOptions } from '../app-context';
import { ENKASH_USAGE, UsageError } from '../enkash-from-env';
import type { BeneficiaryRecord } from '../../main/enkash/account-outputs';
import { deleteBeneficiary, searchBeneficiaries } from '../../main/services/beneficiaries';
import { maskAccount } from '../../shared/domain/mask';
import { enkashCommand } from './enkash-command';
import { flagText } from '../command';
import { openServerSession } from '../server-client';

const USAGE = `beneficiaries search <query> [--by auto|id|name] | beneficiaries delete <beneficiaryId> ${ENKASH_USAGE} [--server URL] [--json]`;

type Shown = Omit<BeneficiaryRecord, 'accountNumber'> & { accountNumber: string | null };

/** Account numbers are shown masked to the last four, as in the app's UI. */
function shown(b: BeneficiaryRecord): Shown {
  return { ...b, accountNumber: b.accountNumber ? maskAccount(b.accountNumber) : null };
}

function printList(list: BeneficiaryRecord[], io: CliIo): void {
  if (!list.length) {
    io.out('No beneficiaries found.');
    return;
  }
  for (const b of list.map(shown)) {
    const dest = b.vpa ?? [b.accountNumber, b.ifsc].filter(Boolean).join(' ');
    io.out(`${b.beneficiaryId}  ${b.name ?? ''}  ${dest}${b.status ? `  ${b.status}` : ''}`);
  }
  io.out(`${list.length} beneficiar${list.length === 1 ? 'y' : 'ies'}`);
}

/**
 * `beneficiaries search|delete`, through the app's services (the same search as the Beneficiaries screen; a
 * delete also marks the local beneficiary list, in the journal's database on either engine). Exit 0 ok, 1 EnKash failure, 2 bad usage.
 */
export function createBeneficiariesCommand(deps: Pick<CliAppOptions, 'fetch'> = {}): CliCommand {
  const spec = {
    name: 'beneficiaries',
    summary: 'Search or delete EnKash beneficiaries (credentials from ENKASH_* environment variables)',
    usage: USAGE,
    options: ['by', 'server'],
  };
  return enkashCommand(spec, deps, async ({ flags, positionals, io, asJson, open }) => {
    const [action, target, ...extra] = positionals;
    if (action !== 'search' && action !== 'delete')
      throw new UsageError('Say "search <query>" or "delete <beneficiaryId>"');
    if (!target?.trim())
      throw new UsageError(`"${action}" needs ${action === 'search' ? 'a query' : 'a beneficiaryId'}`);
    if (extra.length) throw new UsageError(`Unexpected argument: ${extra[0]} (quote a query with spaces)`);
    const by = flags.by === undefined ? 'auto' : flags.by;
    if (by !== 'auto' && by !== 'id' && by !== 'name') throw new UsageError('--by must be auto, id or name');
    if (action === 'delete' && flags.by !== undefined) throw new UsageError('--by only applies to search');
    const server = flagText(flags.server, 'server');
    if (server !== undefined) {
      // The team's EnKash account, through the Desk Server (its credentials and fixed IP; its beneficiary list).
      if (by !== 'auto')
        throw new UsageError('--by is not served by a Desk Server: it tells ids and names apart itself');
      const session = await openServerSession(server, io);
      try {
        const { environment } = await session.call<{ environment: string }>('GET', '/api/me');
        if (action === 'search') {
          const list = await session.ipc<BeneficiaryRecord[]>('searchBeneficiaries', { query: target.trim() });
          if (asJson) io.out(JSON.stringify({ environment, beneficiaries: list.map(shown) }));
          else printList(list, io);
        } else {
          const result = await session.ipc<{ beneficiaryId: string; deleted: true }>('deleteBeneficiary', {
            beneficiaryId: target.trim(),
          });
          if (asJson) io.out(JSON.stringify({ environment, ...result }));
          else io.out(`Deleted beneficiary ${result.beneficiaryId} (${environment}).`);
        }
        return 0;
      } finally {
        await session.end();
      }
    }
    const app = await open();
    const { environment } = app;
    if (action === 'search') {
      const { client } = await app.ctx.enkash.session();
      const list = await searchBeneficiaries(client, target, by);
      if (asJson) io.out(JSON.stringify({ environment, beneficiaries: list.map(shown) }));
      else printList(list, io);
    } else {
      const result = await deleteBeneficiary(app.ctx, target.trim());
      if (asJson) io.out(JSON.stringify({ environment, ...result }));
      else io.out(`Deleted beneficiary ${result.beneficiaryId} (${environment}).`);
    }
    return 0;
  });
}

export const beneficiariesCommand = createBeneficiariesCommand();
