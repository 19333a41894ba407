import { z } from 'zod';
import { CONNECTION_MODES, settingsSchema } from '../../settings/settings';
import { command } from '../contract';
import { preflightSchema } from './batches';
import { importContracts, summarySchema } from './imports';

/**
 * Team mode on the desk (issue 14 point 4): signing in to a Desk Server and a checker's approval queue. Main holds
 * the session token; nothing here carries it back, so the renderer can never leak or store it.
 */

const int = z.number().int();

/** Who is signed in. The role is the server's word (admin, maker, checker, viewer); the server enforces it. */
const teamUserSchema = z.object({ name: z.string(), role: z.string() });

export const teamStatusSchema = z.object({
  connected: z.boolean(),
  serverUrl: z.string().optional(),
  user: teamUserSchema.optional(),
});

/** One batch as the server's approval queue shows it, with its rows and name when the server could say. */
export const teamApprovalSchema = z.object({
  batchId: int,
  state: z.string(),
  totalPaise: int,
  required: int,
  approvals: z.array(z.object({ user: z.string(), approvedAt: z.string(), expiresAt: z.string() })),
  stagedBy: z.string().nullable(),
  rejectedReason: z.string().nullable(),
  rowCount: int.nullable(),
  name: z.string().nullable(),
});
export type TeamApproval = z.infer<typeof teamApprovalSchema>;

const batchId = int.positive();

export const teamContracts = {
  teamSignIn: command(
    'team:sign-in',
    z.object({
      serverUrl: z.string().trim().min(1).max(300),
      name: z.string().trim().min(1).max(64),
      password: z.string().min(1).max(1024),
    }),
    z.object({ user: teamUserSchema, serverUrl: z.string() }),
  ),
  teamSignOut: command('team:sign-out', z.undefined(), teamStatusSchema),
  teamStatus: command('team:get-status', z.undefined(), teamStatusSchema),
  teamApprovals: command('team:list-approvals', z.undefined(), z.object({ batches: z.array(teamApprovalSchema) })),
  teamApprove: command(
    'team:approve-batch',
    // The total as the checker typed it ("1,23,456.50"): the server checks it to the paisa.
    z.object({ batchId, total: z.string().trim().min(1).max(40) }),
    teamApprovalSchema,
  ),
  teamReject: command(
    'team:reject-batch',
    z.object({ batchId, reason: z.string().trim().min(3).max(500) }),
    teamApprovalSchema,
  ),
  /** The pre-flight of a batch on the Desk Server, for the checker deciding (always the server's, in either mode). */
  teamPreflight: command('team:preflight', z.object({ batchId }), preflightSchema),
  /** Settings' connection choice: "This computer" (local) or a Team server; "This computer" signs out. */
  teamSetConnection: command(
    'team:set-connection',
    z.object({ mode: z.enum(CONNECTION_MODES), serverUrl: z.string().trim().min(1).max(300).optional() }).strict(),
    settingsSchema,
  ),
  /**
   * The import screen's "Submit for approval" in Team mode: the rows mapped on the desk, staged on the Desk
   * Server and submitted for approval in one call. `approval` says the batch is AWAITING_APPROVAL (and how many
   * checkers it needs); a beneficiary sheet is only checked (batchId and approval null).
   */
  teamSubmitImport: command(
    'team:submit-import',
    importContracts.stageImport.input,
    z.object({
      batchId: int.nullable(),
      summary: summarySchema,
      approval: teamApprovalSchema.nullable(),
      issueCount: int,
    }),
  ),
};
