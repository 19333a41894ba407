import { z } from 'zod';
import { ENVIRONMENTS, KEY_DERIVATIONS } from '../../settings/api-profile';
import { command } from '../contract';
import { errorSchema } from '../errors';

const paise = z.number().int();

const stepSchema = z.object({
  step: z.enum(['login', 'balance']),
  ok: z.boolean(),
  message: z.string(),
  ms: z.number().int().nonnegative(),
});

export const connectionResultSchema = z.object({
  environment: z.enum(ENVIRONMENTS),
  ok: z.boolean(),
  verdict: z.string(),
  steps: z.array(stepSchema),
  balancePaise: paise.nullable(),
});
export type ConnectionResult = z.infer<typeof connectionResultSchema>;

export const diagnosticsSchema = z.object({
  environment: z.enum(ENVIRONMENTS),
  configuredDerivation: z.enum(KEY_DERIVATIONS),
  detectedDerivation: z.enum(KEY_DERIVATIONS).nullable(),
  tokenStyle: z.string().nullable(),
  tokenExpiresInSeconds: z.number().nullable(),
  responseWrapper: z.string().nullable(),
  responsesEncrypted: z.boolean().nullable(),
  derivations: z.array(z.object({ derivation: z.enum(KEY_DERIVATIONS), result: z.string() })),
  errors: z.array(errorSchema),
});
export type Diagnostics = z.infer<typeof diagnosticsSchema>;

export const beneficiarySchema = z.object({
  beneficiaryId: z.string(),
  name: z.string().nullable(),
  accountNumber: z.string().nullable(),
  ifsc: z.string().nullable(),
  vpa: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.string().nullable(),
  createdOn: z.string().nullable(),
});
export type Beneficiary = z.infer<typeof beneficiarySchema>;

const opt = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

/** What the Beneficiaries form sends; main re-checks it with the shared rules before calling EnKash. */
export const newBeneficiarySchema = z.object({
  beneficiaryId: z.string().trim().min(1).max(50),
  name: z.string().trim().min(1).max(100),
  accountNumber: opt(36),
  ifsc: opt(11),
  vpa: opt(100),
  email: opt(200),
  phone: opt(16),
  address: opt(300),
  city: opt(100),
  state: opt(100),
  pincode: opt(6),
});
export type NewBeneficiary = z.input<typeof newBeneficiarySchema>;

export const sourceAccountSchema = z.object({
  accountNumber: z.string().nullable(),
  ifsc: z.string().nullable(),
  bankName: z.string().nullable(),
  accountHolderName: z.string().nullable(),
  status: z.string().nullable(),
  fundSourceId: z.string().nullable(),
});

export const enkashContracts = {
  testConnection: command('connection:test-connection', z.undefined(), connectionResultSchema),
  runDiagnostics: command('connection:run-diagnostics', z.undefined(), diagnosticsSchema),
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
        .regex(/^[A-Za-z0-9]{9,36}$/, '9–36 letters or digits'),
      ifsc: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{4}0[A-Za-z0-9]{6}$/, 'an IFSC such as HDFC0001234'),
    }),
    z.object({ message: z.string().nullable(), account: sourceAccountSchema.nullable() }),
  ),
  createBeneficiary: command('beneficiaries:create-beneficiary', newBeneficiarySchema, beneficiarySchema),
  searchBeneficiaries: command(
    'beneficiaries:search-beneficiaries',
    z.object({ query: z.string().trim().max(100) }),
    z.array(beneficiarySchema),
  ),
  deleteBeneficiary: command(
    'beneficiaries:delete-beneficiary',
    z.object({ beneficiaryId: z.string().trim().min(1).max(50) }),
    z.object({ beneficiaryId: z.string(), deleted: z.literal(true) }),
  ),
};
