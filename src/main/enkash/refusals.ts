/**
 * The wording and recognition of two refusals no setting of ours can get past (issue 11): an account that
 * demands a request checksum (§15.2) and a 403 — this computer's IP not whitelisted, or the credentials (§15.19).
 * Pure text and predicates; errors.ts turns them into app errors.
 */

const CHECKSUM_WORD = /check\s*sum/i;
const REJECT_CHKSUM = /REJECT_CHKSUM/i;

/** Shown (and stored on the refused rows) when EnKash asks for a request checksum we cannot compute. */
export const CHECKSUM_REQUIRED_MESSAGE =
  'This EnKash account requires a request checksum; ask EnKash for the steps; nothing was paid.';

/**
 * `412 Invalid checksum in the request` or the reject code REJECT_CHKSUM, as an HTTP status or a body code
 * (§15.7: both happen). A 5xx is excluded: whatever it mentions, it does not prove the request was refused.
 */
export function isChecksumRefusal(f: {
  httpStatus: number;
  enkashCode: number | null;
  enkashMessage: string | null;
  enkashCodeText?: string | null;
}): boolean {
  if (f.httpStatus >= 500) return false;
  if (REJECT_CHKSUM.test(f.enkashCodeText ?? '') || REJECT_CHKSUM.test(f.enkashMessage ?? '')) return true;
  return (f.httpStatus === 412 || f.enkashCode === 412) && CHECKSUM_WORD.test(f.enkashMessage ?? '');
}

/**
 * EnKash whitelists every caller IP (its integration steps; README "Environments"), so a 403 is most often this
 * computer's IP; it can also be the credentials. A team server (or relay) gives one fixed IP to whitelist.
 */
export function forbiddenMessage(write: boolean): string {
  return (
    'EnKash refused this computer (HTTP 403): its IP address may not be whitelisted with EnKash, or EnKash ' +
    "refused the credentials. Ask EnKash to whitelist this computer's public IP (Settings → Environment; README " +
    '"Environments"), or connect through a team server, which gives one fixed IP to whitelist. ' +
    (write ? 'Nothing was paid. ' : '') +
    'The app does not retry on its own: use Test connection once it is fixed.'
  );
}
