import type { CommandName } from '../../shared/ipc/registry';
import type { TeamAction } from '../services/team/roles';

/**
 * Which of the desk's IPC commands a Desk Server serves, and the role action each needs (issue 14 point 1). `null`:
 * not served — it belongs to the desk (its files, dialogs, settings, the OS keychain) or it would move money outside
 * maker-checker (a desk confirm: in a team the last approval confirms). Row changes, resubmits, retries and single
 * payouts are served through services/team/row-changes.ts, which records the author and asks for fresh approvals.
 * The Record is total, so a new command must be classified here before the build passes.
 */
export const TEAM_CHANNELS: Readonly<Record<CommandName, TeamAction | null>> = {
  // accounting: the files are written by the desk's save dialog; the server has none
  getAccountingSettings: 'history.read',
  saveTally: null,
  saveAdvice: null,
  saveAuditPack: null,
  // accounts
  getBalance: 'balance.read',
  getSourceAccounts: 'balance.read',
  addSourceAccount: null,
  // app
  getAppInfo: null,
  revealFile: null,
  // audit
  listAudit: 'history.read',
  verifyAuditChain: 'history.read',
  // batches
  listBatches: 'history.read',
  getBatch: 'history.read',
  payoutTimeline: 'history.read',
  retryReasons: 'history.read',
  runPreflight: 'history.read',
  confirmBatch: null,
  pauseBatch: 'batch.control',
  resumeBatch: 'batch.control',
  cancelBatch: 'batch.control',
  checkAllOpenRows: 'batch.control',
  // Row changes: a maker's, run by handlers/batch-handlers.ts createTeamRowHandlers — the maker becomes an author
  // (who may not approve), approvals given so far stop counting, and a resubmission or retry becomes a retry batch
  // awaiting approval instead of being sent (services/team/row-changes.ts). confirmBatch stays null: approval confirms.
  excludeRows: 'batch.stage',
  includeRows: 'batch.stage',
  editDraftRow: 'batch.stage',
  editRejectedRow: 'batch.stage',
  resubmitRejected: 'batch.stage',
  retryFailedRows: 'batch.stage',
  acceptMismatch: 'batch.stage',
  createSinglePayout: 'batch.stage',
  // beneficiaries
  searchBeneficiaries: 'history.read',
  createBeneficiary: 'beneficiaries.write',
  deleteBeneficiary: 'beneficiaries.write',
  createBeneficiariesFromSheet: 'beneficiaries.write',
  // connection and credentials: the server's own, set on the server
  testConnection: null,
  runDiagnostics: null,
  getCredentialStatus: null,
  setCredentials: null,
  clearCredentials: null,
  // exports: the file is written by the desk
  startExport: null,
  cancelExport: null,
  saveTable: null,
  // history
  searchHistory: 'history.read',
  payoutTimelineById: 'history.read',
  agingBoard: 'history.read',
  dashboard: 'history.read',
  checkRowsNow: 'batch.control',
  // imports: drafts and templates stay on the desk; staging goes through the server's submit (approvals)
  saveDraft: null,
  getDraft: null,
  discardDraft: null,
  stageImport: null,
  saveTemplate: null,
  // journal
  settlePayout: null,
  getSearchHealth: 'history.read',
  // statement reconciliation
  reconcileStatement: null,
  listReconciliations: 'history.read',
  getReconLines: 'history.read',
  // settings: the desk's
  getSettings: null,
  setEnvironment: null,
  updateApiProfile: null,
  resetApiProfile: null,
  updateUiPrefs: null,
  updateVerificationPrefs: null,
  // verification: EnKash's account checks are the server's (its credentials, its fixed IP); a maker checks payees
  // before staging (`verify --server`). A penny drop moves money and costs a fee, so a viewer may not.
  startVerify: 'batch.stage',
  cancelVerify: 'batch.stage',
  cachedVerify: 'history.read',
  // team: the desk's own line to a Desk Server (its session lives in the desk's main process)
  teamSignIn: null,
  teamSignOut: null,
  teamStatus: null,
  teamApprovals: null,
  teamApprove: null,
  teamReject: null,
  teamPreflight: null,
  teamSetConnection: null,
  teamSubmitImport: null,
};
