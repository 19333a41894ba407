import { resolve } from 'node:path';
import { batchIdFlag, flagText, ignoreConnectionFlags, onlyOptions, parseArgs, type CliCommand } from '../command';
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
      onlyOptions(flags, positionals, ['batch', 'out', 'data-dir', 'json']);
      const batch = batchIdFlag(flags);
      const out = flagText(flags.out, 'out');
      if (!out) throw new UsageError('--out FILE.zip is required');
      ({ db } = openHistoryDb(flags, io));
      const result = await writeAuditPack(db, batch, { path: resolve(out) });
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
