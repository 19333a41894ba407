import ifscBranches from 'ifsc/src/IFSC.json';
import bankNames from 'ifsc/src/banknames.json';

/**
 * The offline IFSC dataset from the `ifsc` package (Razorpay). We import its data files, never its Node entry,
 * which pulls in the deprecated `request` module for online look-ups. Works in the Vite bundle and in Node.
 *
 * IFSC.json maps a bank code to its branch codes; numeric branch codes are stored as numbers (000123 → 123),
 * the rest as strings. We build one Set per bank on first use so a 1,000,000-row sheet does one hash lookup per row.
 */
const branches = ifscBranches as unknown as Record<string, ReadonlyArray<number | string>>;
const names = bankNames as unknown as Record<string, string>;
const cache = new Map<string, Set<string>>();

function branchSet(bank: string): Set<string> | undefined {
  let set = cache.get(bank);
  if (set) return set;
  const list = Object.prototype.hasOwnProperty.call(branches, bank) ? branches[bank] : undefined;
  if (!list) return undefined;
  set = new Set(list.map((b) => (typeof b === 'number' ? String(b).padStart(6, '0') : b.toUpperCase())));
  cache.set(bank, set);
  return set;
}

/** True when a well-formed, upper-case IFSC is in the offline dataset. */
export function ifscExists(ifsc: string): boolean {
  if (ifsc.length !== 11) return false;
  return branchSet(ifsc.slice(0, 4))?.has(ifsc.slice(5)) ?? false;
}

/** The bank's name for an IFSC ("HDFC0000001" → "HDFC Bank"), if the dataset knows the bank code. */
export function bankNameForIfsc(ifsc: string): string | undefined {
  const code = ifsc.slice(0, 4).toUpperCase();
  return Object.prototype.hasOwnProperty.call(names, code) ? names[code] : undefined;
}
