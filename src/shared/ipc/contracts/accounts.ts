import { z } from 'zod';
import { ENKASH_FIELDS } from '../../rules/enkash-fields';
import { ENVIRONMENTS } from '../../settings/api-profile';
import { command } from '../contract';

/** The EnKash balance and the source (debit) accounts. */

const paise = z.number().int();

export const sourceAccountSchema = z.object({
  accountNumber: z.string().nullable(),
  ifsc: z.string().nullable(),
  bankName: z.string().nullable(),
  accountHolderName: z.string().nullable(),
  status: z.string().nullable(),
  fundSourceId: z.string().nullable(),
});

export const accountContracts = {
  getBalance: command(
    'accounts:get-balance',
    z.undefined(),
    z.object({ balancePaise: paise, checkedAt: z.string(), environment: z.enum(ENVIRONMENTS) }),
  ),
  getSourceAccounts: command('accounts:get-source-accounts', z.undefined(), z.array(sourceAccountSchema)),
  addSourceAccount: command(
    'accounts:add-source-account',
    z.object({
      accountNumber: z
        .string()
        .trim()
        .regex(ENKASH_FIELDS.sourceAccountNumber.pattern, ENKASH_FIELDS.sourceAccountNumber.hint),
      ifsc: z.string().trim().regex(ENKASH_FIELDS.ifsc.pattern, ENKASH_FIELDS.ifsc.hint),
    }),
    z.object({ message: z.string().nullable(), account: sourceAccountSchema.nullable() }),
  ),
};
