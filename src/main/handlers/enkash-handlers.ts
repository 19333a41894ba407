import type { MainContext } from '../context';
import type { HandlerMap } from '../ipc/dispatch';
import { checkBalance } from '../services/balance-check';
import { createBeneficiary, deleteBeneficiary, searchBeneficiaries } from '../services/beneficiaries';
import { runDiagnostics, testConnection } from '../services/connection-test';

type EnkashHandlers = Pick<
  HandlerMap,
  | 'testConnection'
  | 'runDiagnostics'
  | 'getBalance'
  | 'getSourceAccounts'
  | 'addSourceAccount'
  | 'createBeneficiary'
  | 'searchBeneficiaries'
  | 'deleteBeneficiary'
>;

/** Thin: the IPC registry has checked the sender and parsed the input with the contract's zod schema. */
export function createEnkashHandlers(ctx: MainContext): EnkashHandlers {
  const session = () => ctx.enkash.session();
  return {
    testConnection: () => testConnection(ctx),
    runDiagnostics: () => runDiagnostics(ctx),
    getBalance: () => checkBalance(ctx),
    async getSourceAccounts() {
      const { client } = await session();
      return client.getSourceAccountDetails();
    },
    async addSourceAccount(input) {
      const { client } = await session();
      return client.addSourceAccount({ accountNumber: input.accountNumber, ifsc: input.ifsc.toUpperCase() });
    },
    createBeneficiary: (input) => createBeneficiary(ctx, input),
    async searchBeneficiaries({ query }) {
      const { client } = await session();
      return searchBeneficiaries(client, query);
    },
    deleteBeneficiary: ({ beneficiaryId }) => deleteBeneficiary(ctx, beneficiaryId),
  };
}
