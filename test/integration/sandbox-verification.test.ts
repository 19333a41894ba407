import { afterEach, describe, expect, it } from 'vitest';
import { createEnkashClient } from '../../src/main/enkash/client';
import { SANDBOX_DEMO, startSandbox, type Dialect, type SandboxHandle } from '../../src/main/sandbox/index';
import { DEFAULT_API_PROFILE, type VerificationEnvelope } from '../../src/shared/settings/api-profile';
import { settingsSchema, DEFAULT_SETTINGS } from '../../src/shared/settings/settings';
import { rejection } from '../support/rejection';
import { presetProfile } from './support/dialect-profiles';

/**
 * Bank-account verification against the running Sandbox in each of its dialects (envelope, echo placement,
 * status words), with the matching and the mismatching profile switch: a mismatch is a clear error, never a
 * verdict. The demo payees of the sample sheet get the names their banks hold.
 */

let sandbox: SandboxHandle | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

let seq = 0;
const id = () => `VRT${String(++seq).padStart(5, '0')}`;

async function setup(dialect: Partial<Dialect>, envelope: VerificationEnvelope) {
  sandbox = await startSandbox({ port: 0, seed: 3, dialect });
  // Saved through the settings schema, exactly as Settings stores it.
  const apiProfile = {
    ...DEFAULT_API_PROFILE,
    switches: { ...DEFAULT_API_PROFILE.switches, verificationEnvelope: envelope },
  };
  const profile = settingsSchema.parse({ ...DEFAULT_SETTINGS, apiProfile }).apiProfile;
  const client = createEnkashClient({ baseUrl: sandbox.url, profile, credentials: async () => ({ ...SANDBOX_DEMO }) });
  return { client, sandbox };
}

const check = (accountNumber: string, ifsc: string, pennyLess = true) => ({
  accountNumber,
  ifsc,
  pennyLess,
  customerRequestId: id(),
});

const DIALECTS: [string, Partial<Dialect>, VerificationEnvelope][] = [
  ['plain, echoes beside, common words', {}, 'plain'],
  ['encrypted envelope', { pennyDropEnvelope: 'encrypted' }, 'encrypted'],
  ['echoes inside payload', { pennyDropEchoes: 'inside' }, 'plain'],
  ['unlisted status words', { pennyDropStatusWords: 'unlisted' }, 'plain'],
  [
    'all three the other way',
    { pennyDropEnvelope: 'encrypted', pennyDropEchoes: 'inside', pennyDropStatusWords: 'unlisted' },
    'encrypted',
  ],
];

describe.each(DIALECTS)('verification against the Sandbox: %s', (_name, dialect, envelope) => {
  it('names the demo payees as their banks hold them; a closed account fails; penny drop alone has a utr', async () => {
    const { client, sandbox: s } = await setup(dialect, envelope);
    const ravi = await client.verifyBankAccount(check('123456789012', 'SBIN0000300'));
    expect(ravi).toMatchObject({ status: 'verified', bankName: 'RAVI KR', utr: null });
    expect(ravi.enkashUniqueId).toMatch(/^EKV\d{10}$/);
    expect(await client.verifyBankAccount(check('223456789012', 'SBIN0000300'))).toMatchObject({
      status: 'verified',
      bankName: 'RAJESH MALHOTRA', // Deepa Nair's row: somebody else's account
    });
    expect(await client.verifyBankAccount(check('823456789012', 'YESB0000001'))).toMatchObject({
      status: 'failed',
      bankName: null,
    });
    const drop = await client.verifyBankAccount(check('50100012345678', 'HDFC0000240', false));
    expect(drop).toMatchObject({ status: 'verified', bankName: 'MS PRIYA SHARMA' });
    expect(drop.utr).toMatch(/^\d{12}$/);
    expect(s.verifications().map((v) => v.pennyLess)).toEqual([true, true, true, false]);
  });

  it('any other account gets the same derived name every time; a 999… account cannot be verified', async () => {
    const { client } = await setup(dialect, envelope);
    const first = await client.verifyBankAccount(check('000111222333', 'KKBK0000958'));
    const again = await client.verifyBankAccount(check('000111222333', 'KKBK0000958'));
    expect(first.status).toBe('verified');
    expect(first.bankName).toMatch(/^[A-Z]+ [A-Z]+$/);
    expect(again.bankName).toBe(first.bankName);
    expect((await client.verifyBankAccount(check('999000111222', 'KKBK0000958'))).status).toBe('failed');
  });

  it('the other envelope switch is a clear refusal, not a verdict', async () => {
    const other: VerificationEnvelope = envelope === 'plain' ? 'encrypted' : 'plain';
    const { client, sandbox: s } = await setup(dialect, other);
    const err = await rejection(client.verifyBankAccount(check('123456789012', 'SBIN0000300')));
    expect(err.code).toBe('enkash_rejected');
    expect(err.details?.operation).toBe('verifyBankAccount');
    expect(s.verifications()).toHaveLength(0);
  });
});

describe('verification rules the Sandbox enforces', () => {
  it('a repeated customerRequestId is refused as a duplicate and checks nothing', async () => {
    const { client, sandbox: s } = await setup({}, 'plain');
    const once = check('123456789012', 'SBIN0000300');
    await client.verifyBankAccount(once);
    const err = await rejection(client.verifyBankAccount({ ...once, accountNumber: '223456789012' }));
    expect(err.code).toBe('enkash_rejected');
    expect(err.details?.duplicate).toBe(true);
    expect(s.verifications()).toHaveLength(1);
  });

  it('the strict preset answers with the profile saved for it', async () => {
    sandbox = await startSandbox({ port: 0, seed: 3, preset: 'strict' });
    const client = createEnkashClient({
      baseUrl: sandbox.url,
      profile: presetProfile('strict'),
      credentials: async () => ({ ...SANDBOX_DEMO }),
    });
    expect(await client.verifyBankAccount(check('123456789013', 'SBIN0000300'))).toMatchObject({
      status: 'verified',
      bankName: 'RAO KAVITA',
      rawStatus: 'NAME_FETCHED',
    });
  });
});
