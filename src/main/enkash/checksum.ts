import type { ChecksumMode } from '../../shared/settings/api-profile';
import type { HttpMethod } from './transport';

/**
 * The one place a request checksum is computed (enkash-api.md §15.2). EnKash's pages name a checksum — a
 * 412 "Invalid checksum in the request" and the reject code REJECT_CHKSUM — but not its field, what it
 * covers, the hash or the key; they are given per account as "steps". So no algorithm is invented: with the
 * only mode, `off`, the body goes out unchanged. Every authenticated request (call.ts `send`) passes here
 * before it is encrypted, so a future mode changes this file and the profile enum, nothing else.
 */

export type ChecksumRequest = {
  operation: string;
  method: HttpMethod;
  path: string;
  /** The plain request JSON (before encryption); undefined for a call without a body (GET, DELETE). */
  body: unknown;
};

/** The body to encrypt and any extra headers (a checksum may travel in either). */
export type ChecksummedRequest = { body: unknown; headers: Record<string, string> };

export function applyRequestChecksum(req: ChecksumRequest, mode: ChecksumMode): ChecksummedRequest {
  switch (mode) {
    case 'off':
      return { body: req.body, headers: {} };
  }
}
