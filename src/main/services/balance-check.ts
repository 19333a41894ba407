import type { Environment } from '../../shared/settings/api-profile';
import type { MainContext } from '../context';
import type { Db } from '../db/open';
import { stmt } from '../db/prepared-cache';

export type BalanceCheck = { balancePaise: number; checkedAt: string; environment: Environment };

/** Every balance read from EnKash is kept (the dashboard charts them), whoever read it: app, CLI or pre-flight. */
export function recordBalanceCheck(db: Db, environment: Environment, balancePaise: number, checkedAt: string): void {
  stmt(db, 'INSERT INTO balance_checks (environment, balance_paise, checked_at) VALUES (?, ?, ?)').run(
    environment,
    balancePaise,
    checkedAt,
  );
}

/** Reads the payout account's balance now and records it. */
export async function checkBalance(ctx: Pick<MainContext, 'db' | 'enkash' | 'now'>): Promise<BalanceCheck> {
  const { client, environment } = await ctx.enkash.session();
  const { totalBalancePaise } = await client.getBalance();
  const checkedAt = ctx.now().toISOString();
  recordBalanceCheck(ctx.db, environment, totalBalancePaise, checkedAt);
  return { balancePaise: totalBalancePaise, checkedAt, environment };
}
