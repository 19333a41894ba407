import { join, resolve } from 'node:path';
import { batchIdFlag, flagText } from '../command';
import { UsageError } from '../enkash-from-env';
import { getPayerOps, setPayerOps, writeAdvicesOn } from '../../main/services/accounting/advice-pdf';
import { offlineStoreCommand } from '../history-store';
import { findResourcesDir } from '../resources-dir';

const USAGE = 'advice --batch ID --out DIR [--payer NAME] [--data-dir DIR] [--json]';

/**
 * `advice`: one payment-advice PDF per paid payout of a batch and an email-ready CSV, offline; nothing is
 * sent. --payer is remembered. Exit 0 written, 1 failure, 2 usage.
 */
export const adviceCommand = offlineStoreCommand(
  {
    name: 'advice',
    summary: 'Write payment-advice PDFs (one per paid payee) and an email-ready CSV for a batch',
    usage: USAGE,
    options: ['batch', 'out', 'payer'],
  },
  async ({ flags, io, asJson, store: open }) => {
    const batch = batchIdFlag(flags);
    const out = flagText(flags.out, 'out');
    if (!out) throw new UsageError('--out DIR is required');
    const payerFlag = flagText(flags.payer, 'payer');
    const store = await open();
    if (payerFlag) await store.run(setPayerOps(payerFlag, new Date()));
    const payer = await store.run(getPayerOps());
    if (!payer) throw new UsageError('Name the payer once with --payer NAME (it is remembered)');
    const result = await writeAdvicesOn(store, batch, {
      dir: resolve(out),
      payer,
      fontDir: join(findResourcesDir(), 'fonts'),
    });
    if (asJson) io.out(JSON.stringify(result));
    else io.out(`Wrote ${result.files.length} payment advices and ${result.emailCsv} to ${result.dir}`);
    return 0;
  },
);
