import type { Db } from '../open';
import { get, type Ops, q, run } from '../store/ops';
import { runSqlite } from '../store/run-sqlite';

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

export function* findRegisteredPayeeOps(environment: string, beneficiaryId: string): Ops<RegisteredPayee | null> {
  const row = yield* get<RegisteredPayee>(
    q`SELECT environment, beneficiary_id AS "beneficiaryId", payee_key AS "payeeKey", payee_name AS "payeeName",
        account_number AS "accountNumber", ifsc, vpa, source, registered_at AS "registeredAt"
      FROM payee_registry WHERE environment = ${environment} AND beneficiary_id = ${beneficiaryId}`,
  );
  return row ?? null;
}

export function findRegisteredPayee(db: Db, environment: string, beneficiaryId: string): RegisteredPayee | null {
  return runSqlite(db, findRegisteredPayeeOps(environment, beneficiaryId));
}

/** Records a confirmed registration; an id already recorded keeps its first entry (the caller compared them). */
export function* recordRegisteredPayeeOps(p: RegisteredPayee): Ops<void> {
  yield* run(
    q`INSERT INTO payee_registry (environment, beneficiary_id, payee_key, payee_name, account_number, ifsc, vpa,
        source, registered_at)
      VALUES (${p.environment}, ${p.beneficiaryId}, ${p.payeeKey}, ${p.payeeName}, ${p.accountNumber}, ${p.ifsc},
        ${p.vpa}, ${p.source}, ${p.registeredAt})
      ON CONFLICT (environment, beneficiary_id) DO NOTHING`,
  );
}

export function recordRegisteredPayee(db: Db, p: RegisteredPayee): void {
  runSqlite(db, recordRegisteredPayeeOps(p));
}
