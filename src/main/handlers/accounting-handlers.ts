import { join } from 'node:path';
import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { getPayerOps } from '../services/accounting/advice-pdf';
import { saveAdviceZip, saveAuditPackZip, saveTallyFile } from '../services/accounting/desk-exports';
import { getBankLedgerOps } from '../services/accounting/tally-ledgers';
import type { SaveDesk } from '../services/exports/save-desk';

type AccountingHandlers = Pick<HandlerMap, 'getAccountingSettings' | 'saveTally' | 'saveAdvice' | 'saveAuditPack'>;

/**
 * "Export for Tally", "Payment advice" and "Auditor pack": main asks where to read and save and writes there
 * (temp file + rename); the renderer gets the path to show as "Saved to …", or "cancelled".
 */
export function createAccountingHandlers(ctx: MainContext, desk: SaveDesk): AccountingHandlers {
  // The packaged app ships resources/fonts as extraResources (electron-builder.yml); resourcesDir points there.
  const fontDir = join(ctx.resourcesDir, 'fonts');
  return {
    getAccountingSettings: async () => ({
      bankLedger: await ctx.store.run(getBankLedgerOps()),
      payer: await ctx.store.run(getPayerOps()),
    }),
    async saveTally(input) {
      const saved = await saveTallyFile(ctx.store, desk, ctx, input);
      if (saved.status === 'cancelled') return saved;
      const { payments, reversals, netPaise, ledgers, missingLedgers } = saved.value;
      return {
        status: 'saved',
        path: saved.path,
        fileName: saved.fileName,
        payments,
        reversals,
        netPaise,
        ledgers,
        // Absent (not undefined) without a List of Accounts: "nothing checked" differs from "nothing missing".
        ...(missingLedgers ? { missingLedgers } : {}),
      };
    },
    async saveAdvice(input) {
      const saved = await saveAdviceZip(ctx.store, desk, { now: ctx.now, fontDir }, input);
      if (saved.status === 'cancelled') return saved;
      return { status: 'saved', path: saved.path, fileName: saved.fileName, advices: saved.value.advices };
    },
    async saveAuditPack(input) {
      const saved = await saveAuditPackZip(ctx.store, desk, ctx, input);
      if (saved.status === 'cancelled') return saved;
      const { entries, chainOk, tally } = saved.value;
      return { status: 'saved', path: saved.path, fileName: saved.fileName, entries, chainOk, tally };
    },
  };
}
