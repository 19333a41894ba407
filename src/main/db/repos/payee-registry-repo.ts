import type { Db } from '../open';
import { stmt } from '../prepared-cache';

/**
 * payee_registry (migration 008): which payee this desk registered at EnKash under which beneficiaryId, per
 * environment. Written by the journal's payee registration (services/journal/payee-registration.ts) only after
 * EnKash confirmed the beneficiary (created, or found under that id with the same details).
 */
export type RegisteredPayee = {
  environment: string;
  beneficiaryId: string;
  payeeKey: string;
  payeeName: string;
  accountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  source: 'created' | 'found';
  registeredAt: string;
};

export function findRegisteredPayee(db: Db, environment: string, beneficiaryId: string): RegisteredPayee | null {
  const row = stmt(
    db,
    `SELECT environment, beneficiary_id AS beneficiaryId, payee_key AS payeeKey, payee_name AS payeeName,
       account_number AS accountNumber, ifsc, vpa, source, registered_at AS registeredAt
     FROM payee_registry WHERE environment = ? AND beneficiary_id = ?`,
  ).get(environment, beneficiaryId) as RegisteredPayee | undefined;
  return row ?? null;
}

/** Records a confirmed registration; an id already recorded keeps its first entry (the caller compared them). */
export function recordRegisteredPayee(db: Db, p: RegisteredPayee): void {
  stmt(
    db,
    `INSERT INTO payee_registry (environment, beneficiary_id, payee_key, payee_name, account_number, ifsc, vpa,
       source, registered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (environment, beneficiary_id) DO NOTHING`,
  ).run(
    p.environment,
    p.beneficiaryId,
    p.payeeKey,
    p.payeeName,
    p.accountNumber,
    p.ifsc,
    p.vpa,
    p.source,
    p.registeredAt,
  );
}
