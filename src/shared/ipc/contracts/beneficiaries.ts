import { z } from 'zod';
import { command, event } from '../contract';
import { mappedRowSchema } from './imports';

/** EnKash beneficiaries: one by one from the form, or many from a staged beneficiary sheet. */

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

export const bulkResultSchema = z.object({
  row: z.number().int(),
  beneficiaryId: z.string(),
  name: z.string(),
  status: z.enum(['created', 'exists', 'failed', 'skipped']),
  message: z.string(),
});

const bulkProgressSchema = z.object({
  done: z.number().int(),
  total: z.number().int(),
  created: z.number().int(),
  existing: z.number().int(),
  failed: z.number().int(),
});

export const beneficiaryContracts = {
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
  createBeneficiariesFromSheet: command(
    'beneficiaries:create-from-sheet',
    z.object({ rows: z.array(mappedRowSchema).min(1).max(100_000) }),
    z.object({ results: z.array(bulkResultSchema), progress: bulkProgressSchema }),
  ),
};

export const beneficiaryEvents = {
  beneficiaryBulkProgress: event('beneficiaries:bulk-progress', bulkProgressSchema),
};
