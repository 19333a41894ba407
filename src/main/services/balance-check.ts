import type { Environment } from '../../shared/settings/api-profile';
import type { MainContext } from '../context';
import { q, run, type Ops } from '../db/store/ops';

export type BalanceCheck = { balancePaise: number; checkedAt: string; environment: Environment };

/** Every balance read from EnKash is kept (the dashboard charts them), whoever read it: app, CLI or pre-flight. */
export function* recordBalanceCheckOps(environment: Environment, balancePaise: number, checkedAt: string): Ops<void> {
  yield* run(
    q`INSERT INTO balance_checks (environment, balance_paise, checked_at) VALUES (${environment}, ${balancePaise}, ${checkedAt})`,
  );
}

/** Reads the payout account's balance now and records it (either engine). */
export async function checkBalance(ctx: Pick<MainContext, 'store' | 'enkash' | 'now'>): Promise<BalanceCheck> {
  const { client, environment } = await ctx.enkash.session();
  const { totalBalancePaise } = await client.getBalance();
  const checkedAt = ctx.now().toISOString();
  await ctx.store.run(recordBalanceCheckOps(environment, totalBalancePaise, checkedAt));
  return { balancePaise: totalBalancePaise, checkedAt, environment };
}
