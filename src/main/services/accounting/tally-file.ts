import { writeFile } from 'node:fs/promises';
import { missingLedgers } from './tally-ledgers';
import type { TallyExportOptions, TallyExportResult } from './tally-export';
import { buildTallyXml, type TallyVoucher } from './tally-xml';
import { writeAtomically } from '../exports/atomic-file';

/**
 * The Tally import file from vouchers already read (the row-taking form of exportTallyOn, for `export --format
 * tally --server`: the Desk Server reads the team's vouchers, the CLI writes the file). Same XML, same result.
 */
export async function writeTallyFile(
  vouchers: readonly TallyVoucher[],
  opts: Omit<TallyExportOptions, 'bankLedger'>,
): Promise<TallyExportResult> {
  const xml = buildTallyXml(vouchers, opts.company);
  await writeAtomically(opts.path, (temp) => writeFile(temp, xml, { encoding: 'utf8', flag: 'wx' }));
  const ledgers = [...new Set(vouchers.flatMap((v) => [v.bankLedger, v.partyLedger]))].sort((a, b) =>
    a.localeCompare(b),
  );
  const payments = vouchers.filter((v) => v.kind === 'payment');
  const reversals = vouchers.filter((v) => v.kind === 'reversal');
  const sum = (list: readonly TallyVoucher[]) => list.reduce((s, v) => s + v.amountPaise, 0);
  return {
    path: opts.path,
    payments: payments.length,
    reversals: reversals.length,
    netPaise: sum(payments) - sum(reversals),
    ledgers,
    ...(opts.knownLedgers ? { missingLedgers: missingLedgers(ledgers, opts.knownLedgers) } : {}),
  };
}
