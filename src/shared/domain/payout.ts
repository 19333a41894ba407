/** Payout and beneficiary shapes shared by the renderer, main and the CLI. Amounts are integer paise. */

export const TRANSFER_MODES = ['IMPS', 'NEFT', 'RTGS', 'UPI'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

/**
 * Per-mode limits in paise, structurally the same as `ApiProfile['modeLimits']` in main (shared may not import
 * main). `null` means the client enforces no limit and lets EnKash decide.
 */
export type ModeLimit = { minPaise: number | null; maxPaise: number | null };
export type ModeLimits = Record<TransferMode, ModeLimit>;

export const SHEET_KINDS = ['payouts', 'beneficiaries'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

/** The payee columns both sheet kinds carry, after normalisation. */
type PayeeDraft = {
  /** Excel row number the user sees (header = 1). */
  row: number;
  beneficiaryId?: string;
  name?: string;
  accountNumber?: string;
  /** Upper-case. */
  ifsc?: string;
  /** Lower-case. */
  vpa?: string;
  email?: string;
  phone?: string;
};

/** One payout row after mapping and normalisation. Fields that failed validation are left undefined/null. */
export type PayoutDraft = PayeeDraft & {
  amountPaise: number | null;
  mode: TransferMode | null;
  /** True when the sheet left the mode blank and the default rule chose it (shown to the user). */
  modeDefaulted: boolean;
  remark?: string;
  reference?: string;
  /** From the sheet, if the user supplied one; otherwise main mints one at staging. */
  transactionId?: string;
};

/**
 * One beneficiary row after mapping and normalisation. Its beneficiaryId is optional in the sheet: when blank,
 * main mints one before registering with EnKash.
 */
export type BeneficiaryDraft = PayeeDraft & {
  address?: string;
  city?: string;
  state?: string;
  pincode?: string;
};

export type DraftFor<K extends SheetKind> = K extends 'payouts' ? PayoutDraft : BeneficiaryDraft;
