import { resolve } from 'node:path';
import { batchIdFlag, flagText } from '../command';
import { UsageError } from '../enkash-from-env';
import { writeAuditPackOn } from '../../main/services/accounting/audit-pack';
import { offlineStoreCommand } from '../history-store';

const USAGE = 'audit-pack --batch ID --out FILE.zip [--data-dir DIR] [--json]';

/** `audit-pack`: one ZIP per batch for the auditor (offline). Exit 0 written, 1 failure, 2 usage. */
export const auditPackCommand = offlineStoreCommand(
  {
    name: 'audit-pack',
    summary: 'Write the auditor pack of a batch: export, confirmation, audit-log slice with chain check, Tally file',
    usage: USAGE,
    options: ['batch', 'out'],
  },
  async ({ flags, io, asJson, store: open }) => {
    const batch = batchIdFlag(flags);
    const out = flagText(flags.out, 'out');
    if (!out) throw new UsageError('--out FILE.zip is required');
    const result = await writeAuditPackOn(await open(), batch, { path: resolve(out) });
    if (asJson) io.out(JSON.stringify(result));
    else {
      io.out(`Wrote ${result.path}: ${result.entries.join(', ')}`);
      io.out(
        result.chainOk ? 'Audit chain verified: intact.' : 'Audit chain verification FAILED (see audit-chain.json).',
      );
    }
    return 0;
  },
);
