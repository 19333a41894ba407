import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { zipSync } from 'fflate';
import { withPrivateTempDir, writeAtomically } from '../exports/atomic-file';
import type { Store } from '../../db/store/store';
import { writeAdvicesOn } from './advice-pdf';

/**
 * The payment advices of a batch as ONE ZIP (the app's "Payment advice" button): `<transactionId>.pdf` per paid
 * payee and `emails.csv`. One file rather than a chosen folder: it is saved, revealed and attached like every
 * other export, written atomically (no half set under the chosen name), and it never mixes with or overwrites
 * files already in a folder.
 */

export type AdviceZipResult = { path: string; advices: number; entries: string[] };

export async function writeAdviceZip(
  store: Store,
  batchId: number,
  opts: { path: string; payer: string; fontDir: string },
): Promise<AdviceZipResult> {
  // The PDFs hold account details: assembled in a private 0700 folder that is always deleted.
  return withPrivateTempDir('advice-', async (work) => {
    const result = await writeAdvicesOn(store, batchId, { dir: work, payer: opts.payer, fontDir: opts.fontDir });
    const files: Record<string, Uint8Array> = {};
    for (const file of [...result.files, result.emailCsv]) files[basename(file)] = await readFile(file);
    // PDFs are compressed inside already; level 6 still shrinks the CSV and costs little.
    const zip = zipSync(files, { level: 6 });
    await writeAtomically(opts.path, (temp) => writeFile(temp, zip, { flag: 'wx' }));
    return { path: opts.path, advices: result.files.length, entries: Object.keys(files) };
  });
}
