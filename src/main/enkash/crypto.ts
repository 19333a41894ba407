import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

import type { KeyDerivation } from '../../shared/settings/api-profile';

/**
 * EnKash's Node sample keys AES with the first 16 bytes of SHA-256(secret); the Java sample's naming hints at
 * SHA-1; `raw-16` is the secret's own first 16 bytes. The server's real choice is not documented, so the
 * derivation is an API-profile setting (enkash-api.md §4, §15.1).
 */
export { KEY_DERIVATIONS, type KeyDerivation } from '../../shared/settings/api-profile';

export function deriveKey(clientSecret: string, derivation: KeyDerivation): Buffer {
  const bytes = Buffer.from(clientSecret, 'utf8');
  switch (derivation) {
    case 'sha256-16':
      return createHash('sha256').update(bytes).digest().subarray(0, 16);
    case 'sha1-16':
      return createHash('sha1').update(bytes).digest().subarray(0, 16);
    case 'raw-16': {
      // A short secret is zero-padded, as the common Java `Arrays.copyOf(key, 16)` idiom does.
      const key = Buffer.alloc(16);
      bytes.copy(key, 0, 0, 16);
      return key;
    }
  }
}

/** AES-128-ECB with PKCS#7 padding (what Java calls PKCS5 for a 16-byte block); no IV exists in ECB. */
export function encryptText(plainText: string, key: Buffer): string {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]).toString('base64');
}

export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptError';
  }
}

const OUTSIDE_ALPHABET = /[^A-Za-z0-9+/=]/;

/**
 * `^[A-Za-z0-9+/]*={0,2}$` in two cheaper steps (a whole envelope went through that anchored regexp once per
 * call on each side): one search for a character outside the alphabet, then the `=`s may only end the text.
 */
function isStandardBase64(text: string): boolean {
  if (OUTSIDE_ALPHABET.test(text)) return false;
  const pad = text.indexOf('=');
  if (pad === -1) return true;
  if (text.length - pad > 2) return false;
  return pad === text.length - 1 || text.charCodeAt(pad + 1) === 0x3d;
}

/**
 * Response ciphertext as a server may really send it, made standard: Java's MIME encoder breaks lines every 76
 * characters with CRLF, and a URL-safe encoder uses `-`/`_` and may drop the `=` padding. Requests never get this
 * leeway — we always send standard base64 (see {@link encryptText}) and the Sandbox reads requests strictly.
 */
export function normalizeResponseBase64(text: string): string {
  // Already standard and padded (every answer of ours and most servers'): the steps below would return it as is.
  if (text.length % 4 === 0 && isStandardBase64(text)) return text;
  const compact = text.replace(/[\r\n\t ]+/g, '');
  const urlSafe = /[-_]/.test(compact);
  // Both alphabets at once is no encoder's output: refuse rather than guess which characters to swap.
  if (urlSafe && /[+/]/.test(compact)) throw new DecryptError('ciphertext mixes two base64 alphabets');
  const standard = urlSafe ? compact.replace(/-/g, '+').replace(/_/g, '/') : compact;
  const bare = standard.replace(/=+$/, '');
  // One leftover character carries only 6 bits: no padding can make that whole bytes.
  if (bare.length % 4 === 1) throw new DecryptError('ciphertext has an impossible base64 length');
  return bare + '='.repeat((4 - (bare.length % 4)) % 4);
}

/** {@link decryptText} for a response envelope, after {@link normalizeResponseBase64}. */
export function decryptResponseText(text: string, key: Buffer): string {
  // Checked once here rather than by both normalizeResponseBase64 and decryptText.
  if (text.length % 4 === 0 && isStandardBase64(text)) return decryptStandard(text, key);
  return decryptText(normalizeResponseBase64(text), key);
}

/** Strict: standard, padded base64 only (how requests are sent and how the Sandbox reads them). */
export function decryptText(base64: string, key: Buffer): string {
  if (!isStandardBase64(base64) || base64.length % 4 !== 0) {
    throw new DecryptError('ciphertext is not standard base64');
  }
  return decryptStandard(base64, key);
}

function decryptStandard(base64: string, key: Buffer): string {
  const data = Buffer.from(base64, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new DecryptError('ciphertext length is not a whole number of AES blocks');
  }
  try {
    const decipher = createDecipheriv('aes-128-ecb', key, null);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    // Bad padding almost always means the wrong key or derivation.
    throw new DecryptError('could not decrypt: wrong key or key derivation');
  }
}
