import { z } from 'zod';
import { integerToPaise } from './decimal-json';
import type { ApiSwitches } from '../../shared/settings/api-profile';
import {
  canonical,
  isObject,
  listFrom,
  optionalBoolean,
  optionalRupeesAsPaise,
  optionalText,
  optionalTimestamp,
  parseShape,
  rupeesAsPaise,
  textId,
} from './wire-read';

/** Beneficiaries, balance, source accounts, statements and webhooks, normalised from EnKash's responses. */

export type BeneficiaryRecord = {
  beneficiaryId: string;
  name: string | null;
  accountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  email: string | null;
  phone: string | null;
  status: string | null;
  createdOn: string | null;
  updatedOn: string | null;
};

export type Balance = { totalBalancePaise: number };

export type SourceAccount = {
  accountNumber: string | null;
  ifsc: string | null;
  bankName: string | null;
  accountHolderName: string | null;
  status: string | null;
  fundSourceId: string | null;
};

export type StatementEntry = {
  transactionId: string | null;
  transactionDate: string | null;
  valueDate: string | null;
  transactionType: string | null;
  remarks: string | null;
  referenceNumber: string | null;
  mode: string | null;
  amountPaise: number;
  runningBalancePaise: number | null;
};

export type Statement = { requestId: string | null; entries: StatementEntry[] };

export type WebhookConfig = {
  webhookUrl: string;
  events: string[];
  headers: Record<string, string>;
  enabled: boolean | null;
  companyId: string | null;
  sslCertificate: string | null;
};

const BENEFICIARY_ALIASES = {
  beneficiaryId: ['beneficiaryId', 'beneficiary_id'],
  name: ['beneficiaryName', 'name', 'beneficiary_name'],
  accountNumber: ['beneficiaryAccountNumber', 'accountNumber', 'beneficiaryAccountNo', 'account_number'],
  ifsc: ['beneficiaryIfsc', 'beneficiaryIFSC', 'ifsc', 'ifscCode'],
  vpa: ['vpaHandle', 'vpa', 'beneficiaryVpa', 'upiId'],
  email: ['beneficiaryEmail', 'email', 'emailId'],
  phone: ['beneficiaryPhone', 'beneficiaryMobile', 'phone', 'mobile', 'phoneNumber', 'mobileNumber'],
  status: ['beneficiaryStatus', 'status'],
  createdOn: ['createdOn', 'createdAt', 'created_on'],
  updatedOn: ['updatedOn', 'updatedAt', 'updated_on'],
} as const;

const beneficiarySchema = z.object({
  beneficiaryId: textId,
  name: optionalText,
  accountNumber: optionalText,
  ifsc: optionalText,
  vpa: optionalText,
  email: optionalText,
  phone: optionalText,
  status: optionalText,
  createdOn: optionalTimestamp,
  updatedOn: optionalTimestamp,
});

export function readBeneficiary(item: unknown, httpStatus: number, where = 'beneficiary'): BeneficiaryRecord {
  return parseShape(beneficiarySchema, canonical(item, BENEFICIARY_ALIASES), httpStatus, where);
}

const BENEFICIARY_LIST_KEYS = ['content', 'items', 'beneficiaries', 'beneficiaryDetails', 'results', 'records', 'data'];

export function readBeneficiaryList(data: unknown, httpStatus: number): BeneficiaryRecord[] {
  if (data === null || data === undefined) return [];
  const list = listFrom(data, BENEFICIARY_LIST_KEYS, (o) => o.beneficiaryId !== undefined);
  if (!list) {
    if (isObject(data) && Object.keys(data).length === 0) return [];
    return parseShape(z.array(z.unknown()), data, httpStatus, 'beneficiaries') as never;
  }
  return list.map((item, i) => readBeneficiary(item, httpStatus, `beneficiaries.${i}`));
}

const balanceSchema = z.object({ totalBalance: rupeesAsPaise });

export function readBalance(data: unknown, httpStatus: number): Balance {
  const c = canonical(data, { totalBalance: ['totalBalance', 'balance', 'availableBalance', 'total_balance'] });
  return { totalBalancePaise: parseShape(balanceSchema, c, httpStatus, 'balance').totalBalance };
}

const SOURCE_ALIASES = {
  accountNumber: ['accountNumber', 'bankAccountNumber', 'sourceAccountNumber', 'account_number', 'accountNo'],
  ifsc: ['ifsc', 'ifscCode', 'IFSC', 'bankIfsc'],
  bankName: ['bankName', 'bank'],
  accountHolderName: ['accountHolderName', 'accountName', 'holderName', 'name'],
  status: ['status', 'accountStatus', 'whitelistStatus'],
  fundSourceId: ['fundSourceId', 'fund_source_id'],
} as const;

const sourceSchema = z.object({
  accountNumber: optionalText,
  ifsc: optionalText,
  bankName: optionalText,
  accountHolderName: optionalText,
  status: optionalText,
  fundSourceId: optionalText,
});

function looksLikeAccount(o: Record<string, unknown>): boolean {
  return (
    SOURCE_ALIASES.accountNumber.some((k) => o[k] !== undefined) || SOURCE_ALIASES.ifsc.some((k) => o[k] !== undefined)
  );
}

export function readSourceAccount(item: unknown, httpStatus: number, where = 'sourceAccount'): SourceAccount {
  if (!isObject(item)) return parseShape(z.object({}), item, httpStatus, where) as never;
  return parseShape(sourceSchema, canonical(item, SOURCE_ALIASES), httpStatus, where);
}

/** Source account details: an array, a list under a known key, or a single account object. */
export function readSourceAccounts(data: unknown, httpStatus: number): SourceAccount[] {
  if (data === null || data === undefined) return [];
  const list = listFrom(
    data,
    ['accounts', 'bankDetails', 'bankAccounts', 'content', 'items', 'data'],
    looksLikeAccount,
  );
  if (!list) return parseShape(z.array(z.unknown()), data, httpStatus, 'sourceAccounts') as never;
  return list.map((item, i) => readSourceAccount(item, httpStatus, `sourceAccounts.${i}`));
}

const STATEMENT_ALIASES = {
  transactionId: ['transactionId'],
  transactionDate: ['transactionDate', 'txnDate'],
  valueDate: ['valueDate'],
  transactionType: ['transactionType', 'type', 'drCr'],
  remarks: ['remarks', 'remark', 'narration', 'description'],
  referenceNumber: ['transactionReferenceNumber', 'referenceNumber', 'utr', 'UTR'],
  mode: ['transactionMode', 'mode'],
  amount: ['transactionAmount', 'amount'],
  runningBalance: ['runningBalance', 'balance', 'closingBalance'],
} as const;

/** Statement lines; `transactionAmount`'s unit (rupees or paise) is a profile switch (§5.9). */
export function readStatement(
  data: unknown,
  requestId: string | null,
  switches: ApiSwitches,
  httpStatus: number,
): Statement {
  const amount =
    switches.statementAmountUnit === 'paise'
      ? z.unknown().transform((v, ctx) => {
          const p = integerToPaise(v);
          if (p === null) {
            ctx.addIssue({ code: 'custom', message: 'not a whole number of paise' });
            return z.NEVER;
          }
          return p;
        })
      : rupeesAsPaise;
  const schema = z.object({
    transactionId: optionalText,
    transactionDate: optionalTimestamp,
    valueDate: optionalTimestamp,
    transactionType: optionalText,
    remarks: optionalText,
    referenceNumber: optionalText,
    mode: optionalText,
    amount,
    runningBalance: optionalRupeesAsPaise,
  });
  if (data === null || data === undefined) return { requestId, entries: [] };
  const list = listFrom(data, ['data', 'statement', 'transactions', 'entries', 'items', 'content'], () => false);
  if (!list) return parseShape(z.array(z.unknown()), data, httpStatus, 'statement') as never;
  const entries = list.map((item, i) => {
    const {
      amount: amountPaise,
      runningBalance,
      ...rest
    } = parseShape(schema, canonical(item, STATEMENT_ALIASES), httpStatus, `statement.${i}`);
    return { ...rest, amountPaise, runningBalancePaise: runningBalance };
  });
  return { requestId, entries };
}

const webhookSchema = z.object({
  webhookUrl: z.string().min(1),
  events: z
    .array(z.string())
    .optional()
    .transform((v) => v ?? []),
  headers: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .nullish()
    .transform((h) => Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k, String(v)]))),
  enabled: optionalBoolean,
  companyId: optionalText,
  sslCertificate: optionalText,
});

/** Webhook configuration; null when the server has none (empty data or an empty list). */
export function readWebhook(data: unknown, httpStatus: number): WebhookConfig | null {
  let item = data;
  if (Array.isArray(data)) item = data[0];
  else if (isObject(data) && Array.isArray(data.content)) item = data.content[0];
  if (item === null || item === undefined || (isObject(item) && Object.keys(item).length === 0)) return null;
  const c = canonical(item, {
    webhookUrl: ['webhookUrl', 'url', 'webhook_url'],
    events: ['events', 'eventTypes'],
    headers: ['headers'],
    enabled: ['enabled', 'isEnabled', 'active'],
    companyId: ['companyId'],
    sslCertificate: ['sslCertificate'],
  });
  return parseShape(webhookSchema, c, httpStatus, 'webhook');
}
