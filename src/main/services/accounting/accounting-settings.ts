import { get, q, run, type Ops } from '../../db/store/ops';

/**
 * The accounting choices the desk remembers in the journal's database (accounting_settings: the payer named on
 * payment advices, the Tally bank ledger), on either engine, so every command and the app read the same value.
 */

export function* getAccountingSettingOps(key: string): Ops<string | null> {
  const row = yield* get<{ value: string }>(q`SELECT value FROM accounting_settings WHERE key = ${key}`);
  return row?.value ?? null;
}

export function* setAccountingSettingOps(key: string, value: string, at: Date): Ops<void> {
  yield* run(
    q`INSERT INTO accounting_settings (key, value, updated_at) VALUES (${key}, ${value}, ${at.toISOString()})
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
}
