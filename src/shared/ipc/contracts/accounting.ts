import { z } from 'zod';
import { command } from '../contract';
import { savedFileSchema } from './exports';

/**
 * The accountant's files after a batch is paid (issue 16): the Tally import file, the payment advices and the
 * auditor pack. As with every export, main asks its own dialogs where to read and write and writes there
 * itself; the renderer names no path and gets back only where the file was saved (or "cancelled").
 */

const int = z.number().int();
const batchId = int.positive();

const [saved, cancelled] = savedFileSchema.options;

/** What the user named once and the app remembers (the CLI's --bank-ledger and --payer write the same). */
export const accountingSettingsSchema = z.object({ bankLedger: z.string().nullable(), payer: z.string().nullable() });

export const tallyExportInputSchema = z.object({
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('batch'), batchId }),
    z.object({ kind: z.literal('all') }),
  ]),
  /** Given the first time (then remembered); omitted later to use the remembered one. */
  bankLedger: z.string().trim().min(1).max(100).optional(),
  company: z.string().trim().min(1).max(200).optional(),
  /** Ask for a payee → ledger CSV (open dialog); its mappings are remembered. */
  partyLedgers: z.boolean().default(false),
  /** Ask for a Tally "List of Accounts" export (XML or Excel) to check the ledger names against. */
  ledgerList: z.boolean().default(false),
});

export const tallySavedSchema = saved.extend({
  payments: int,
  reversals: int,
  netPaise: int,
  /** Every ledger the file uses: Tally must have them before the import. */
  ledgers: z.array(z.string()),
  /** Only when a List of Accounts was given: the used ledgers it does not have. */
  missingLedgers: z.array(z.string()).optional(),
});

export const accountingContracts = {
  getAccountingSettings: command('accounting:get-settings', z.undefined(), accountingSettingsSchema),
  saveTally: command(
    'accounting:save-tally',
    tallyExportInputSchema,
    z.discriminatedUnion('status', [tallySavedSchema, cancelled]),
  ),
  /** One ZIP: a PDF advice per paid payee and the email-ready CSV. `payer` is given once, then remembered. */
  saveAdvice: command(
    'accounting:save-advice',
    z.object({ batchId, payer: z.string().trim().min(1).max(200).optional() }),
    z.discriminatedUnion('status', [saved.extend({ advices: int }), cancelled]),
  ),
  saveAuditPack: command(
    'accounting:save-audit-pack',
    z.object({ batchId }),
    z.discriminatedUnion('status', [
      saved.extend({ entries: z.array(z.string()), chainOk: z.boolean(), tally: z.boolean() }),
      cancelled,
    ]),
  ),
};
