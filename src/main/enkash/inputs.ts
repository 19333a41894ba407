import { z } from 'zod';
import { ENKASH_SCHEMAS, ENKASH_TEXT_MAX } from '../../shared/rules/enkash-fields';

/**
 * What callers hand the EnKash client, validated before anything is encrypted or sent. Names are ours
 * (amountPaise, accountNumber …); the client maps them to EnKash's wire names. Amounts are integer paise.
 * Field rules come from the rule book (src/shared/rules/enkash-fields.ts), which the sheet rules and the
 * Sandbox read too.
 */

import { TRANSFER_MODES } from '../../shared/domain/payout';

export { TRANSFER_MODES, type TransferMode } from '../../shared/domain/payout';

export const transactionIdSchema = ENKASH_SCHEMAS.transactionId;
export const beneficiaryIdSchema = ENKASH_SCHEMAS.beneficiaryId;
export const ifscSchema = ENKASH_SCHEMAS.ifsc;
export const accountNumberSchema = ENKASH_SCHEMAS.accountNumber;
export const vpaSchema = ENKASH_SCHEMAS.vpa;
export const companyIdSchema = ENKASH_SCHEMAS.companyId;
/** ₹1.00 is EnKash's documented minimum; the maximum keeps the value far inside exact-integer range. */
export const amountPaiseSchema = ENKASH_SCHEMAS.amountPaise;
const optionalText = (max: number) => z.string().max(max).optional();

const beneficiaryFields = {
  name: ENKASH_SCHEMAS.name,
  accountNumber: accountNumberSchema.optional(),
  ifsc: ifscSchema.optional(),
  vpa: vpaSchema.optional(),
  email: ENKASH_SCHEMAS.email.optional(),
  phone: ENKASH_SCHEMAS.phone.optional(),
  address: optionalText(ENKASH_TEXT_MAX.address),
  city: optionalText(ENKASH_TEXT_MAX.city),
  state: optionalText(ENKASH_TEXT_MAX.state),
  pincode: ENKASH_SCHEMAS.pincode.optional(),
};

// EnKash answers 412 for "account and IFSC both required" and for "account and VPA both provided".
function oneDestination(b: { accountNumber?: string; ifsc?: string; vpa?: string }, ctx: z.RefinementCtx) {
  const bank = b.accountNumber !== undefined || b.ifsc !== undefined;
  if (bank && (b.accountNumber === undefined || b.ifsc === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['ifsc'], message: 'account number and IFSC go together' });
  }
  if (bank === (b.vpa !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['vpa'], message: 'give either account number + IFSC or a UPI ID' });
  }
}

export const beneficiaryInputSchema = z
  .object({ beneficiaryId: beneficiaryIdSchema, ...beneficiaryFields })
  .superRefine(oneDestination);
export type BeneficiaryInput = z.infer<typeof beneficiaryInputSchema>;

/** A beneficiary sent inline with a payout; its id is optional there. */
export const inlineBeneficiarySchema = z
  .object({ beneficiaryId: beneficiaryIdSchema.optional(), ...beneficiaryFields })
  .superRefine(oneDestination);
export type InlineBeneficiary = z.infer<typeof inlineBeneficiarySchema>;

export const payoutInputSchema = z
  .object({
    transactionId: transactionIdSchema,
    amountPaise: amountPaiseSchema,
    mode: z.enum(TRANSFER_MODES),
    beneficiaryId: beneficiaryIdSchema.optional(),
    beneficiary: inlineBeneficiarySchema.optional(),
    remark: ENKASH_SCHEMAS.remark.optional(),
    reference: ENKASH_SCHEMAS.reference.optional(),
    /** Defaults to the profile's fundSourceId. */
    fundSourceId: z.string().max(40).optional(),
    /** Connected-banking accounts only; defaults to the profile's debitAccountNumber. */
    debitAccountNumber: z.string().max(36).optional(),
  })
  .refine((p) => p.beneficiaryId !== undefined || p.beneficiary !== undefined, {
    message: 'a beneficiaryId or an inline beneficiary is required',
    path: ['beneficiaryId'],
  });
export type PayoutInput = z.infer<typeof payoutInputSchema>;

export const batchPayoutInputSchema = z
  .object({
    batchTransactionId: ENKASH_SCHEMAS.batchTransactionId,
    transfers: z.array(payoutInputSchema).min(1).max(1000),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.transfers.forEach((t, i) => {
      if (seen.has(t.transactionId)) {
        ctx.addIssue({ code: 'custom', path: ['transfers', i, 'transactionId'], message: 'duplicate transactionId' });
      }
      seen.add(t.transactionId);
    });
  });
export type BatchPayoutInput = z.infer<typeof batchPayoutInputSchema>;

const paging = {
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
};

export const searchPayoutsInputSchema = z.object({
  transactionId: transactionIdSchema.optional(),
  batchTransactionId: ENKASH_SCHEMAS.batchTransactionId.optional(),
  enkashTransactionId: z.string().min(1).max(64).optional(),
  payoutStatus: z
    .string()
    .regex(/^[A-Z_]{1,30}$/)
    .optional(),
  beneficiaryId: beneficiaryIdSchema.optional(),
  ...paging,
});
export type SearchPayoutsInput = z.infer<typeof searchPayoutsInputSchema>;

export const searchBeneficiariesInputSchema = z.object({
  beneficiaryId: beneficiaryIdSchema.optional(),
  name: z.string().min(1).max(100).optional(),
  accountNumber: accountNumberSchema.optional(),
  vpa: z.string().min(1).max(100).optional(),
  ...paging,
});
export type SearchBeneficiariesInput = z.infer<typeof searchBeneficiariesInputSchema>;

export const balanceInputSchema = z.object({
  fundSourceId: z.string().max(40).optional(),
  debitAccountNumber: z.string().max(36).optional(),
});
export type BalanceInput = z.infer<typeof balanceInputSchema>;

const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'an ISO-8601 date or date-time');
export const statementInputSchema = z.object({
  fromDate: dateTime,
  toDate: dateTime,
  fundSourceId: z.string().max(40).optional(),
  debitAccountNumber: z.string().max(36).optional(),
});
export type StatementInput = z.infer<typeof statementInputSchema>;

export const addSourceAccountInputSchema = z.object({
  accountNumber: ENKASH_SCHEMAS.sourceAccountNumber,
  ifsc: ifscSchema,
  companyId: companyIdSchema.optional(),
});
export type AddSourceAccountInput = z.infer<typeof addSourceAccountInputSchema>;

export const webhookInputSchema = z.object({
  webhookUrl: z
    .string()
    .url()
    .regex(/^https?:\/\//i, 'an http(s) URL')
    .max(500),
  events: z.array(ENKASH_SCHEMAS.webhookEvent).min(1),
  headers: z.record(z.string(), z.string().max(1000)).optional(),
  sslCertificate: z.string().max(20_000).optional(),
  enabled: z.boolean().optional(),
  companyId: companyIdSchema.optional(),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;
