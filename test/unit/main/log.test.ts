import { describe, expect, it } from 'vitest';
import { createLogger, maskAccount, redact } from '../../../src/main/log';

describe('log redaction', () => {
  it('never writes secrets, tokens or envelopes, and masks account numbers', () => {
    const lines: string[] = [];
    const log = createLogger(null, (l) => lines.push(l));
    log.info('call', {
      clientSecret: 's3cr3t',
      password: 'pw',
      access_token: 'eyJhbGciOi.access',
      Authorization: 'Bearer eyJhbGciOi.bearer',
      request: 'base64ciphertext',
      beneficiaryAccountNumber: '123456789012',
      nested: { refreshToken: 'rt' },
      status: 200,
    });
    const out = lines.join('\n');
    for (const s of ['s3cr3t', '"pw"', 'eyJhbGciOi', 'base64ciphertext', '123456789012', '"rt"'])
      expect(out).not.toContain(s);
    expect(out).toContain('********9012');
    expect(out).toContain('"status":200');
  });

  it('masks short and spaced account numbers', () => {
    expect(maskAccount('1234')).toBe('********');
    expect(maskAccount('5010 0123 4567 89')).toBe('********6789');
    expect(redact({ note: 'x'.repeat(600) }).note).toHaveLength(301);
    expect(redact({ note: 'paid to 123456789012' }).note).toBe('paid to ********9012');
  });
});
