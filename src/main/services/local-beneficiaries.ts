import type { BeneficiaryFields } from '../../shared/records/beneficiary-record';
import { q, run, type Ops } from '../db/store/ops';

/** Keeps the local copy of a payee registered at EnKash (history and pre-flight read it offline). */
export function* upsertLocalBeneficiaryOps(environment: string, b: BeneficiaryFields, at: string): Ops<void> {
  // The same upsert text on both engines: SQLite and PostgreSQL both read `ON CONFLICT … DO UPDATE … excluded`.
  yield* run(
    q`INSERT INTO beneficiaries (beneficiary_id, environment, name, account_number, ifsc, vpa, email, phone, address,
       city, state, pincode, created_at)
     VALUES (${b.beneficiaryId}, ${environment}, ${b.name}, ${b.accountNumber ?? null}, ${b.ifsc ?? null},
       ${b.vpa ?? null}, ${b.email ?? null}, ${b.phone ?? null}, ${b.address ?? null}, ${b.city ?? null},
       ${b.state ?? null}, ${b.pincode ?? null}, ${at})
     ON CONFLICT (beneficiary_id) DO UPDATE SET name = excluded.name, account_number = excluded.account_number,
       ifsc = excluded.ifsc, vpa = excluded.vpa, deleted_at = NULL`,
  );
}

/** Marks a payee deleted at EnKash; a payee never mirrored here changes nothing. */
export function* markLocalBeneficiaryDeletedOps(beneficiaryId: string, at: string): Ops<void> {
  yield* run(q`UPDATE beneficiaries SET deleted_at = ${at} WHERE beneficiary_id = ${beneficiaryId}`);
}
