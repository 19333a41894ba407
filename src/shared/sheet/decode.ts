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

/** How the bytes are text: the encoding and where the text starts (after any BOM). */
export type TextSource = { encoding: DecodedText['encoding']; start: number };

/** Judges the encoding from the first bytes, the BOM first. Returns null when the bytes are binary, not text. */
export function sniffText(bytes: Uint8Array): TextSource | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: 'utf-8', start: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', start: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', start: 2 };
  if (looksUtf16le(bytes)) return { encoding: 'utf-16le', start: 0 };
  if (looksBinary(bytes)) return null;
  return { encoding: 'utf-8', start: 0 };
}

/** Decodes CSV bytes, stripping any BOM. Returns null when the bytes are binary, not text. */
export function decodeText(input: Uint8Array | ArrayBuffer): DecodedText | null {
  const bytes = toUint8Array(input);
  const source = sniffText(bytes);
  if (!source) return null;
  return { encoding: source.encoding, ...decodeWith(source.encoding, bytes.subarray(source.start)) };
}

/** A UTF-8 continuation byte (10xxxxxx): never the first byte of a character. */
const isContinuation = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

/**
 * Where a UTF-8 piece starting at `at` ends: just after its last line feed (so a record is rarely split), else at a
 * character boundary — either way no character is cut, so each piece decodes on its own, without the streaming
 * decoder (several times slower: 100,000 rows decoded in 29 ms streaming, 6 ms in whole pieces). Always past `at`.
 */
function utf8PieceEnd(bytes: Uint8Array, at: number, step: number): number {
  let end = Math.min(bytes.length, at + step);
  if (end === bytes.length) return end;
  const lineFeed = bytes.subarray(at, end).lastIndexOf(10);
  if (lineFeed >= 0) return at + lineFeed + 1;
  while (end > at && isContinuation(bytes[end])) end--;
  if (end > at) return end;
  end = at + step;
  while (end < bytes.length && isContinuation(bytes[end])) end++;
  return end;
}

/**
 * The text in pieces of about `chunkBytes` bytes, so the whole file is never one string next to its bytes. A UTF-8
 * piece ends on a character boundary (utf8PieceEnd); a UTF-16 character split between two pieces is joined by the
 * streaming decoder. With `fatal`, invalid bytes throw a TypeError — a piece cut between characters is invalid
 * exactly when the whole text is — and the caller starts again without it and reports the replacement.
 */
export function* decodeChunks(
  bytes: Uint8Array,
  source: TextSource,
  chunkBytes: number,
  fatal: boolean,
): Generator<{ text: string; end: number }> {
  const decoder = new TextDecoder(source.encoding, { fatal, ignoreBOM: true });
  // UTF-16 pieces stay on a code unit boundary; the decoder would carry an odd byte anyway.
  const step = Math.max(2, chunkBytes + (chunkBytes & 1));
  if (source.encoding === 'utf-8') {
    for (let at = source.start; at < bytes.length;) {
      const end = utf8PieceEnd(bytes, at, step);
      yield { text: decoder.decode(bytes.subarray(at, end)), end };
      at = end;
    }
    return;
  }
  for (let at = source.start; at < bytes.length; at += step) {
    const end = Math.min(bytes.length, at + step);
    yield { text: decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length }), end };
  }
}
