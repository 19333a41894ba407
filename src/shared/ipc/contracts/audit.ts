import { z } from 'zod';
import { command } from '../contract';

/** The append-only audit log and its hash chain. */

const int = z.number().int();

export const auditContracts = {
  listAudit: command(
    'audit:list-entries',
    // An id names a record only with its kind (a payout's transactionId, a batch's number): both or neither.
    z.object({
      entity: z.string().max(20).optional(),
      entityId: z.string().max(40).optional(),
      beforeId: int.nullable().optional(),
    }),
    z.object({ entries: z.array(z.looseObject({ id: int, hash: z.string() })), nextBeforeId: int.nullable() }),
  ),
  verifyAuditChain: command(
    'audit:verify-chain',
    z.undefined(),
    z.object({ ok: z.boolean(), entries: int, brokenAtId: int.optional(), reason: z.string().optional() }),
  ),
};
