import { resolve } from 'node:path';
import { flagText, ignoreConnectionFlags, parseArgs, type CliCommand } from '../command';
import { reportFailure, UsageError } from '../enkash-from-env';
import type { Db } from '../../main/db/open';
import { writeAuditPack } from '../../main/services/accounting/audit-pack';
import { openHistoryDb } from './history';

const USAGE = 'audit-pack --batch ID --out FILE.zip [--data-dir DIR] [--json]';

/** `audit-pack`: one ZIP per batch for the auditor (offline). Exit 0 written, 1 failure, 2 usage. */
export const auditPackCommand: CliCommand = {
  name: 'audit-pack',
  summary: 'Write the auditor pack of a batch: export, confirmation, audit-log slice with chain check, Tally file',
  usage: USAGE,
  run: async (args, io) => {
    const { flags, positionals } = parseArgs(args, ['json']);
    const asJson = flags.json === true;
    let db: Db | null = null;
    try {
      ignoreConnectionFlags(flags, io, 'audit-pack', ['env']);
      const unknown = Object.keys(flags).find((f) => !['batch', 'out', 'data-dir', 'json'].includes(f));
      if (unknown) throw new UsageError(`Unknown option --${unknown}`);
      if (positionals.length) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
      const batch = flagText(flags.batch, 'batch');
      if (!batch || !/^\d{1,12}$/.test(batch) || Number(batch) < 1) throw new UsageError('--batch ID is required');
      const out = flagText(flags.out, 'out');
      if (!out) throw new UsageError('--out FILE.zip is required');
      ({ db } = openHistoryDb(flags, io));
      const result = await writeAuditPack(db, Number(batch), { path: resolve(out) });
      if (asJson) io.out(JSON.stringify(result));
      else {
        io.out(`Wrote ${result.path}: ${result.entries.join(', ')}`);
        io.out(
          result.chainOk ? 'Audit chain verified: intact.' : 'Audit chain verification FAILED (see audit-chain.json).',
        );
      }
      return 0;
    } catch (error) {
      return reportFailure(error, io, asJson, USAGE);
    } finally {
      db?.close();
    }
  },
};
