import type { CliCommand } from '../command';
import { withDatabaseChoice } from '../database-choice';
import { sandboxCommand } from './sandbox';
import { validateCommand } from './validate';
import { verifyCommand } from './verify';
import { balanceCommand } from './balance';
import { beneficiariesCommand } from './beneficiaries';
import { submitCommand } from './submit';
import { reconcileCommand } from './reconcile';
import { historyCommand } from './history';
import { exportCommand } from './export';
import { adviceCommand } from './advice';
import { auditPackCommand } from './audit-pack';
import { profileCommand } from './profile';
import { settleCommand } from './settle';
import { diagnoseCommand } from './diagnose';
import { usersCommand } from './users';
import { approveCommand } from './approve';
import { rejectCommand } from './reject';
import { serverCommand } from './server';
import { credentialsCommand } from './credentials';

/**
 * Every CLI command, in the order `--help` lists them. Each lives in its own file beside this one; each takes
 * `--database-url` (database-choice.ts).
 */
export const commands: CliCommand[] = [
  sandboxCommand,
  validateCommand,
  verifyCommand,
  balanceCommand,
  beneficiariesCommand,
  submitCommand,
  reconcileCommand,
  approveCommand,
  rejectCommand,
  historyCommand,
  exportCommand,
  adviceCommand,
  auditPackCommand,
  profileCommand,
  settleCommand,
  diagnoseCommand,
  usersCommand,
  serverCommand,
  credentialsCommand,
].map(withDatabaseChoice);
