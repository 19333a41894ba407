import { parseArgs, type CliCommand, type CliIo } from '../command';
import {
  checkFlags,
  ENKASH_USAGE,
  enkashFromEnv,
  type EnkashFromEnvDeps,
  reportFailure,
  UsageError,
} from '../enkash-from-env';
import type { BeneficiaryRecord } from '../../main/enkash/account-outputs';
import type { EnkashClient } from '../../main/enkash/client';
import { maskAccount } from '../../shared/domain/mask';

const USAGE = `beneficiaries search <query> [--by auto|id|name] | beneficiaries delete <beneficiaryId> ${ENKASH_USAGE} [--json]`;

type Shown = Omit<BeneficiaryRecord, 'accountNumber'> & { accountNumber: string | null };

/** Account numbers are shown masked to the last four, as in the app's UI. */
function shown(b: BeneficiaryRecord): Shown {
  return { ...b, accountNumber: b.accountNumber ? maskAccount(b.accountNumber) : null };
}

async function search(client: EnkashClient, query: string, by: string): Promise<BeneficiaryRecord[]> {
  const looksLikeId = /^[A-Za-z0-9]{1,50}$/.test(query);
  if (by === 'id') return client.searchBeneficiaries({ beneficiaryId: query });
  if (by === 'name') return client.searchBeneficiaries({ name: query });
  // auto: an exact id first (cheap and unambiguous), then a name search.
  if (looksLikeId) {
    const byId = await client.searchBeneficiaries({ beneficiaryId: query });
    if (byId.length) return byId;
  }
  return client.searchBeneficiaries({ name: query });
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

/** `beneficiaries search|delete`. Exit 0 ok, 1 EnKash failure, 2 bad usage. */
export function createBeneficiariesCommand(deps: EnkashFromEnvDeps = {}): CliCommand {
  return {
    name: 'beneficiaries',
    summary: 'Search or delete EnKash beneficiaries (credentials from ENKASH_* environment variables)',
    usage: USAGE,
    run: async (args, io) => {
      const { flags, positionals } = parseArgs(args, ['json', 'verbose']);
      const asJson = flags.json === true;
      let session;
      try {
        checkFlags(flags, ['json', 'by']);
        const [action, target, ...extra] = positionals;
        if (action !== 'search' && action !== 'delete')
          throw new UsageError('Say "search <query>" or "delete <beneficiaryId>"');
        if (!target?.trim())
          throw new UsageError(`"${action}" needs ${action === 'search' ? 'a query' : 'a beneficiaryId'}`);
        if (extra.length) throw new UsageError(`Unexpected argument: ${extra[0]} (quote a query with spaces)`);
        const by = flags.by === undefined ? 'auto' : flags.by;
        if (by !== 'auto' && by !== 'id' && by !== 'name') throw new UsageError('--by must be auto, id or name');
        if (action === 'delete' && flags.by !== undefined) throw new UsageError('--by only applies to search');
        session = await enkashFromEnv(flags, io, deps);
        if (action === 'search') {
          const list = await search(session.client, target.trim(), by);
          if (asJson) io.out(JSON.stringify({ environment: session.environment, beneficiaries: list.map(shown) }));
          else printList(list, io);
        } else {
          const result = await session.client.deleteBeneficiary(target.trim());
          if (asJson) io.out(JSON.stringify({ environment: session.environment, ...result }));
          else io.out(`Deleted beneficiary ${result.beneficiaryId} (${session.environment}).`);
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

export const beneficiariesCommand = createBeneficiariesCommand();
