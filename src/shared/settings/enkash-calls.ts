import type { ApiProfile } from './api-profile';

/** One of the calls enkash-api.md documents (§3 and §5), named as the API profile names its path. */
export type EnkashCall = keyof ApiProfile['paths'];

export type EnkashCallFacts = {
  /** enkash-api.md's section and name for it. */
  label: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Creates or changes something at EnKash: never probed by Diagnostics, refused by a checksum-demanding account. */
  writes: boolean;
};

/**
 * The documented calls in the §5 summary's order, the token call first. The client's diagnostics and the
 * Sandbox's router read the same facts, so they cannot disagree about which call changes money.
 */
export const ENKASH_CALLS: Readonly<Record<EnkashCall, EnkashCallFacts>> = {
  token: { label: '3 Get token', method: 'POST', writes: false },
  createBeneficiary: { label: '5.1 Create Beneficiary', method: 'POST', writes: true },
  searchBeneficiary: { label: '5.2 Search Beneficiary', method: 'POST', writes: false },
  deleteBeneficiary: { label: '5.3 Delete Beneficiary', method: 'DELETE', writes: true },
  createPayout: { label: '5.4 Create Payout', method: 'POST', writes: true },
  createBatchPayout: { label: '5.5 Create Batch Payout', method: 'POST', writes: true },
  searchPayouts: { label: '5.6 Search Payouts', method: 'POST', writes: false },
  balance: { label: '5.7 Get Balance', method: 'GET', writes: false },
  sourceAccountDetails: { label: '5.8 Source Account Details', method: 'GET', writes: false },
  statement: { label: '5.9 Fetch Statement', method: 'POST', writes: false },
  addSourceAccount: { label: '5.10 Add Source Account', method: 'POST', writes: true },
  createWebhook: { label: '5.11 Create Webhook', method: 'POST', writes: true },
  getWebhook: { label: '5.12 Get Webhook', method: 'GET', writes: false },
  // A write: each check needs a never-used customerRequestId, and a penny drop moves money and costs a fee.
  pennyDrop: { label: '16 Bank account verification', method: 'POST', writes: true },
};

export const ENKASH_CALL_NAMES = Object.keys(ENKASH_CALLS) as EnkashCall[];
