import { z } from 'zod';
import { REFERENCE_PATTERN } from '../../shared/rules/reference';
import { MAX_WIRE_PAISE } from './decimal-json';

/**
 * What callers hand the EnKash client, validated before anything is encrypted or sent. Names are ours
 * (amountPaise, accountNumber …); the client maps them to EnKash's wire names. Amounts are integer paise.
 */

import { TRANSFER_MODES } from '../../shared/domain/payout';

export { TRANSFER_MODES, type TransferMode } from '../../shared/domain/payout';

export const WEBHOOK_EVENTS = [
  'PAYOUT_SUCCESS',
  'PAYOUT_PENDING',
  'PAYOUT_FAILED',
  'UTILITY_BILLPAY_SUCCESS',
  'UTILITY_BILLPAY_FAILED',
  'UTILITY_BILLPAY_PENDING',
] as const;

/** Our own ids: EnKash's limits are undocumented, so the safe subset (enkash-api.md §2.4). */
export const transactionIdSchema = z.string().regex(/^[A-Za-z0-9]{1,30}$/, '1–30 letters or digits');
export const beneficiaryIdSchema = z.string().regex(/^[A-Za-z0-9]{1,50}$/, '1–50 letters or digits');
export const ifscSchema = z.string().regex(/^[A-Za-z]{4}0[A-Za-z0-9]{6}$/, 'an IFSC such as HDFC0001234');
export const accountNumberSchema = z.string().regex(/^[A-Za-z0-9]{5,36}$/, '5–36 letters or digits');
export const vpaSchema = z
  .string()
  .max(100)
  .regex(/^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+$/, 'a UPI ID such as name@bank');
export const companyIdSchema = z.string().regex(/^CEK[A-Z0-9]{7}$/, 'CEK followed by 7 letters or digits');
/** ₹1.00 is EnKash's documented minimum; the maximum only keeps the value far inside exact-integer range. */
export const amountPaiseSchema = z.number().int().min(100).max(MAX_WIRE_PAISE);
const optionalText = (max: number) => z.string().max(max).optional();

const beneficiaryFields = {
  name: z.string().trim().min(1).max(100),
  accountNumber: accountNumberSchema.optional(),
  ifsc: ifscSchema.optional(),
  vpa: vpaSchema.optional(),
  email: optionalText(200),
  phone: z
    .string()
    .regex(/^\+?[0-9 -]{8,16}$/)
    .optional(),
  address: optionalText(300),
  city: optionalText(100),
  state: optionalText(100),
  pincode: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
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
    remark: z
      .string()
      .regex(/^[A-Za-z0-9 ]{0,100}$/, 'letters, digits and spaces only')
      .optional(),
    reference: z.string().regex(REFERENCE_PATTERN, 'letters, digits, space, / - _ . (1–50)').optional(),
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
  .object({ batchTransactionId: transactionIdSchema, transfers: z.array(payoutInputSchema).min(1).max(1000) })
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
  batchTransactionId: transactionIdSchema.optional(),
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
  accountNumber: z.string().regex(/^[A-Za-z0-9]{9,36}$/, '9–36 letters or digits'),
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
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  headers: z.record(z.string(), z.string().max(1000)).optional(),
  sslCertificate: z.string().max(20_000).optional(),
  enabled: z.boolean().optional(),
  companyId: companyIdSchema.optional(),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;
