/**
 * Bytes → text for CSV files, with only web-standard APIs (TextDecoder) so it runs in a Worker and in Node.
 * Handles the UTF-8 BOM Excel writes for "CSV UTF-8", UTF-16 ("Unicode Text" from Excel is UTF-16LE with tabs),
 * and invalid UTF-8 (e.g. a Windows-1252 "CSV (Comma delimited)"): decoded with U+FFFD replacement and reported.
 */
export type DecodedText = {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** True when some bytes were not valid in the encoding and became U+FFFD. */
  replaced: boolean;
};

export function toUint8Array(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

function looksUtf16le(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return false;
  let zerosOdd = 0;
  let zerosEven = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zerosEven++;
    if (bytes[i + 1] === 0) zerosOdd++;
  }
  return zerosOdd > n / 2 / 2 && zerosEven === 0;
}

/** True when the bytes look binary (NUL bytes in UTF-8 text never happen in a real CSV). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 8 || (b > 13 && b < 32 && b !== 27)) controls++;
  }
  return n > 0 && controls / n > 0.05;
}

function decodeWith(encoding: DecodedText['encoding'], bytes: Uint8Array): { text: string; replaced: boolean } {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes), replaced: false };
  } catch {
    return { text: new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(bytes), replaced: true };
  }
}

/** Decodes CSV bytes, stripping any BOM. Returns null when the bytes are binary, not text. */
export function decodeText(input: Uint8Array | ArrayBuffer): DecodedText | null {
  const bytes = toUint8Array(input);
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', ...decodeWith('utf-8', bytes.subarray(3)) };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { encoding: 'utf-16le', ...decodeWith('utf-16le', bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { encoding: 'utf-16be', ...decodeWith('utf-16be', bytes.subarray(2)) };
  if (looksUtf16le(bytes)) return { encoding: 'utf-16le', ...decodeWith('utf-16le', bytes) };
  if (looksBinary(bytes)) return null;
  return { encoding: 'utf-8', ...decodeWith('utf-8', bytes) };
}
