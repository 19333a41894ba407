import { AppError } from '../../shared/domain/errors';
import { istDateOf } from '../../shared/domain/ist';
import type { MainContext } from '../context';
import { exportStem } from '../services/exports/export-stem';
import type { HandlerMap } from '../ipc/dispatch';
import { writeTallyFile } from '../services/accounting/tally-file';
import type { TallyVoucher } from '../services/accounting/tally-xml';
import { writeExportSource } from '../services/exports/jobs';
import { type ExportJobs, exportReply } from '../services/exports/export-jobs';
import { saveRequest, type SaveDesk } from '../services/exports/save-desk';
import { deskRequest } from '../services/team/desk-client';
import { deskExportSource } from '../services/team/desk-exports';
import type { TeamSession } from './session';

type TeamExports = Pick<HandlerMap, 'startExport' | 'cancelExport' | 'saveTally'>;
type ExportInput = Parameters<HandlerMap['startExport']>[0];

export type TeamExportDeps = Pick<MainContext, 'events' | 'now'> & {
  desk: SaveDesk;
  team: TeamSession;
  /** The desk's one export registry (shared with the local exports, so Cancel reaches either). */
  jobs: ExportJobs;
};

/** The export-route body (main/server/export-route.ts exportBody) for what the desk's screen asked for. */
function serverBody(what: ExportInput['what']) {
  if (what.kind === 'batch') return { kind: 'batch', batchId: what.batchId };
  if (what.kind === 'reconciliation') return { kind: 'recon', runId: what.runId };
  return { kind: 'history', filters: what.filters, sort: what.sort };
}

/**
 * Exports in Team mode (issue 14 point 4): the rows are the team's, read by the Desk Server with this desk's
 * session (any role with `export`, a viewer included) and streamed here; the file is written through the desk's
 * own save dialog by the same writers as a local export (writeExportSource, writeTallyFile), so it matches what
 * a local export of the team's database would write. The server masks accounts: whole numbers never leave it.
 */
export function createTeamExports(deps: TeamExportDeps): TeamExports {
  return {
    async startExport({ jobId, what, format, fullAccount }) {
      if (fullAccount) {
        throw new AppError(
          'invalid_input',
          'Whole account numbers do not leave the Desk Server: untick the full-account box to export the team’s rows.',
          { field: 'fullAccount' },
        );
      }
      return deps.jobs.run(jobId, async (signal) =>
        exportReply(
          await deps.desk.save(saveRequest(exportStem(what, deps.now()), format), (path) =>
            deps.team.use(async (s) => {
              const source = await deskExportSource(s.base, s.token, serverBody(what), signal);
              return writeExportSource(source, {
                format,
                path,
                signal,
                onProgress: (p) => deps.events.emit('exportProgress', { jobId, ...p }),
              });
            }),
          ),
        ),
      );
    },
    cancelExport: ({ jobId }) => deps.jobs.cancel(jobId),
    async saveTally(input) {
      // The mappings and a List of Accounts are read from files on this desk; the server's Tally route takes
      // neither yet (as `export --format tally --server`), so say so rather than write a file without them.
      if (input.partyLedgers || input.ledgerList) {
        throw new AppError(
          'invalid_input',
          'In Team mode the Tally file uses the ledgers remembered on the Desk Server: untick the party-ledger and List of Accounts files.',
          { field: input.partyLedgers ? 'partyLedgers' : 'ledgerList' },
        );
      }
      const scope = input.scope.kind === 'batch' ? { batchId: input.scope.batchId } : { all: true };
      // Asked before the dialog opens, so "nothing paid" or a missing ledger is said without a file chosen.
      const { vouchers } = await deps.team.use((s) =>
        deskRequest<{ vouchers: TallyVoucher[] }>(s.base, 'POST', '/api/exports/tally', s.token, {
          scope,
          ...(input.bankLedger ? { bankLedger: input.bankLedger } : {}),
        }),
      );
      const day = istDateOf(deps.now());
      const stem = 'batchId' in scope ? `tally-batch-${scope.batchId}-${day}` : `tally-all-${day}`;
      const saved = await deps.desk.save(saveRequest(stem, 'xml'), (path) =>
        writeTallyFile(vouchers, { path, company: input.company }),
      );
      if (saved.status === 'cancelled') return saved;
      const { payments, reversals, netPaise, ledgers } = saved.value;
      return { status: 'saved', path: saved.path, fileName: saved.fileName, payments, reversals, netPaise, ledgers };
    },
  };
}
