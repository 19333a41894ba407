import type { BeneficiaryFields } from '../../shared/records/beneficiary-record';
import type { Db } from '../db/open';

/** Keeps the local copy of a payee registered at EnKash (history and pre-flight read it offline). */
export function upsertLocalBeneficiary(db: Db, environment: string, b: BeneficiaryFields, at: string): void {
  db.prepare(
    `INSERT INTO beneficiaries (beneficiary_id, environment, name, account_number, ifsc, vpa, email, phone, address,
       city, state, pincode, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (beneficiary_id) DO UPDATE SET name = excluded.name, account_number = excluded.account_number,
       ifsc = excluded.ifsc, vpa = excluded.vpa, deleted_at = NULL`,
  ).run(
    b.beneficiaryId,
    environment,
    b.name,
    b.accountNumber ?? null,
    b.ifsc ?? null,
    b.vpa ?? null,
    b.email ?? null,
    b.phone ?? null,
    b.address ?? null,
    b.city ?? null,
    b.state ?? null,
    b.pincode ?? null,
    at,
  );
}

export function markLocalBeneficiaryDeleted(db: Db, beneficiaryId: string, at: string): void {
  db.prepare('UPDATE beneficiaries SET deleted_at = ? WHERE beneficiary_id = ?').run(at, beneficiaryId);
}
