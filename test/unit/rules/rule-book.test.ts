import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_AMOUNT_PAISE } from '../../../src/shared/rules/amount';
import { ENKASH_AMOUNT, ENKASH_FIELDS, ENKASH_SCHEMAS, WEBHOOK_EVENTS } from '../../../src/shared/rules/enkash-fields';
import { IFSC_PATTERN } from '../../../src/shared/rules/ifsc';
import { NAME_MAX } from '../../../src/shared/rules/name';
import { BENEFICIARY_ID_PATTERN } from '../../../src/shared/rules/payee';
import { REFERENCE_PATTERN } from '../../../src/shared/rules/reference';
import { TRANSACTION_ID_PATTERN } from '../../../src/shared/rules/transaction-id';
import { MAX_WIRE_PAISE } from '../../../src/main/enkash/decimal-json';
import * as client from '../../../src/main/enkash/inputs';
import { PATTERNS } from '../../../src/main/sandbox/validation';
import { createWebhook } from '../../../src/main/sandbox/webhooks';
import { ID_PATTERN } from '../../../src/main/services/journal/ids';
import { testEngine, wire } from '../sandbox/helpers';

/*
 * The rule book (src/shared/rules/enkash-fields.ts) is the one place EnKash's field rules are written: the sheet
 * rules, the client's request schemas, the Sandbox and the journal hold the very same objects. The behaviour at
 * every boundary is in rule-book-boundaries.test.ts, the schema CHECKs in rule-book-sql.test.ts.
 */
describe('one rule book: the same objects everywhere', () => {
  it('the Sandbox patterns are the rule book patterns', () => {
    expect(PATTERNS.transactionId).toBe(ENKASH_FIELDS.transactionId.pattern);
    expect(PATTERNS.beneficiaryId).toBe(ENKASH_FIELDS.beneficiaryId.pattern);
    expect(PATTERNS.name).toBe(ENKASH_FIELDS.name.pattern);
    expect(PATTERNS.ifsc).toBe(ENKASH_FIELDS.ifsc.pattern);
    expect(PATTERNS.account).toBe(ENKASH_FIELDS.accountNumber.pattern);
    expect(PATTERNS.sourceAccount).toBe(ENKASH_FIELDS.sourceAccountNumber.pattern);
    expect(PATTERNS.vpa).toBe(ENKASH_FIELDS.vpa.pattern);
    expect(PATTERNS.email).toBe(ENKASH_FIELDS.email.pattern);
    expect(PATTERNS.phone).toBe(ENKASH_FIELDS.phone.pattern);
    expect(PATTERNS.pincode).toBe(ENKASH_FIELDS.pincode.pattern);
    expect(PATTERNS.remark).toBe(ENKASH_FIELDS.remark.pattern);
    expect(PATTERNS.companyId).toBe(ENKASH_FIELDS.companyId.pattern);
  });

  it("the client's field schemas are the rule book schemas", () => {
    expect(client.transactionIdSchema).toBe(ENKASH_SCHEMAS.transactionId);
    expect(client.beneficiaryIdSchema).toBe(ENKASH_SCHEMAS.beneficiaryId);
    expect(client.ifscSchema).toBe(ENKASH_SCHEMAS.ifsc);
    expect(client.accountNumberSchema).toBe(ENKASH_SCHEMAS.accountNumber);
    expect(client.vpaSchema).toBe(ENKASH_SCHEMAS.vpa);
    expect(client.companyIdSchema).toBe(ENKASH_SCHEMAS.companyId);
    expect(client.amountPaiseSchema).toBe(ENKASH_SCHEMAS.amountPaise);
  });

  it('the sheet rules, the journal and the wire read the rule book constants', () => {
    expect(TRANSACTION_ID_PATTERN).toBe(ENKASH_FIELDS.transactionId.pattern);
    expect(BENEFICIARY_ID_PATTERN).toBe(ENKASH_FIELDS.beneficiaryId.pattern);
    expect(IFSC_PATTERN).toBe(ENKASH_FIELDS.ifsc.pattern);
    expect(REFERENCE_PATTERN).toBe(ENKASH_FIELDS.reference.pattern);
    expect(NAME_MAX).toBe(ENKASH_FIELDS.name.max);
    expect(MIN_AMOUNT_PAISE).toBe(ENKASH_AMOUNT.minPaise);
    expect(ID_PATTERN).toBe(ENKASH_FIELDS.transactionId.pattern);
    expect(MAX_WIRE_PAISE).toBe(ENKASH_AMOUNT.maxPaise);
  });

  it('the Sandbox no longer reaches into the client for its rules (WEBHOOK_EVENTS lives in the rule book)', () => {
    const dir = join(__dirname, '../../../src/main/sandbox');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/from '\.\.\/enkash\/inputs'/);
    }
    const { engine } = testEngine();
    for (const e of WEBHOOK_EVENTS) {
      const body = { webhookUrl: 'https://hooks.example.com/enkash', events: [e] };
      expect(client.webhookInputSchema.safeParse(body).success, e).toBe(true);
      expect(createWebhook(engine, wire(body), 0).kind, e).toBe('ok');
    }
    const unknown = { webhookUrl: 'https://hooks.example.com/enkash', events: ['PAYOUT_REVERSED'] };
    expect(client.webhookInputSchema.safeParse(unknown).success).toBe(false);
    expect(createWebhook(engine, wire(unknown), 0).kind).toBe('error');
  });
});
