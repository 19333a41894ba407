/**
 * Why this exists: read-excel-file unzips with fflate, which inflates any entry over 512 KB in a Worker built from a
 * `blob:` URL. Our renderer CSP (`worker-src 'self'`) forbids blob workers, and fflate listens for no error on that
 * worker, so a workbook with a sheet over ~5,000 rows would hang the import forever. Before handing the bytes over,
 * we inflate the large XML entries ourselves with the web-standard DecompressionStream (in Workers and Node ≥ 20)
 * and rewrite them as "stored" (uncompressed) entries, which fflate copies synchronously. Small workbooks pass
 * through untouched. The same step caps the unpacked size, so a zip bomb is a file-level error, not an OOM.
 */

/** fflate inflates synchronously below 512 KiB; we take over from a bit lower to stay clear of the edge. */
const INLINE_FROM = 256 * 1024;
/** A sheet XML this large becomes a JS string over V8's limit anyway; refuse it clearly instead. */
export const MAX_ENTRY_BYTES = 500 * 1024 * 1024;

export type InflateOutcome = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

type Entry = {
  name: string;
  nameBytes: Uint8Array;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
};

type ChunkReader = { read(): Promise<{ done: boolean; value?: Uint8Array }> };
type Transform = {
  writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
  readable: { getReader(): ChunkReader };
};
type DecompressionCtor = new (format: 'deflate-raw') => Transform;

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function readCentralDirectory(bytes: Uint8Array): Entry[] | null {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 65_557; i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(bytes, eocd + 10);
  let offset = u32(bytes, eocd + 16);
  // ZIP64 (over 65,535 entries or 4 GiB) never occurs in a payout sheet; leave such files to the reader.
  if (count === 0xffff || offset === 0xffffffff) return null;
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || u32(bytes, offset) !== 0x02014b50) return null;
    const nameLength = u16(bytes, offset + 28);
    const nameBytes = bytes.subarray(offset + 46, offset + 46 + nameLength);
    entries.push({
      name: new TextDecoder().decode(nameBytes),
      nameBytes,
      flags: u16(bytes, offset + 8),
      method: u16(bytes, offset + 10),
      time: u16(bytes, offset + 12),
      date: u16(bytes, offset + 14),
      crc: u32(bytes, offset + 16),
      compressedSize: u32(bytes, offset + 20),
      size: u32(bytes, offset + 24),
      localOffset: u32(bytes, offset + 42),
    });
    offset += 46 + nameLength + u16(bytes, offset + 30) + u16(bytes, offset + 32);
  }
  return entries;
}

function isSheetXml(name: string): boolean {
  return name.endsWith('.xml') || name.endsWith('.xml.rels');
}

async function inflateRaw(data: Uint8Array, expected: number): Promise<Uint8Array | null> {
  const Ctor = (globalThis as unknown as { DecompressionStream?: DecompressionCtor }).DecompressionStream;
  if (!Ctor) return null;
  try {
    const stream = new Ctor('deflate-raw');
    const writer = stream.writable.getWriter();
    const writing = writer.write(data).then(() => writer.close());
    // Corrupt data rejects both ends; the reader's rejection is the one we act on.
    writing.catch(() => undefined);
    const reader = stream.readable.getReader();
    const out = new Uint8Array(expected);
    let length = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      // More output than the directory declared: a lie in the header, possibly a bomb. Stop reading.
      if (length + value.length > expected) return null;
      out.set(value, length);
      length += value.length;
    }
    await writing;
    return length === expected ? out : null;
  } catch {
    return null;
  }
}

function localHeader(e: Entry, method: number, compressedSize: number): Uint8Array {
  const h = new Uint8Array(30 + e.nameBytes.length);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, 20, true);
  v.setUint16(6, e.flags & ~0x08, true);
  v.setUint16(8, method, true);
  v.setUint16(10, e.time, true);
  v.setUint16(12, e.date, true);
  v.setUint32(14, e.crc, true);
  v.setUint32(18, compressedSize, true);
  v.setUint32(22, e.size, true);
  v.setUint16(26, e.nameBytes.length, true);
  v.setUint16(28, 0, true);
  h.set(e.nameBytes, 30);
  return h;
}

function centralHeader(e: Entry, method: number, compressedSize: number, localOffset: number): Uint8Array {
  const h = new Uint8Array(46 + e.nameBytes.length);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x02014b50, true);
  v.setUint16(4, 20, true);
  v.setUint16(6, 20, true);
  v.setUint16(8, e.flags & ~0x08, true);
  v.setUint16(10, method, true);
  v.setUint16(12, e.time, true);
  v.setUint16(14, e.date, true);
  v.setUint32(16, e.crc, true);
  v.setUint32(20, compressedSize, true);
  v.setUint32(24, e.size, true);
  v.setUint16(28, e.nameBytes.length, true);
  v.setUint32(42, localOffset, true);
  h.set(e.nameBytes, 46);
  return h;
}

/**
 * Returns the workbook bytes with large XML entries stored uncompressed, or the input unchanged when nothing needs
 * it (or the archive is not one we understand — the reader then reports it). Fails only for oversized content.
 */
export async function inlineLargeEntries(bytes: Uint8Array): Promise<InflateOutcome> {
  const entries = readCentralDirectory(bytes);
  if (!entries) return { ok: true, bytes };
  const xml = entries.filter((e) => isSheetXml(e.name));
  const tooBig = xml.find((e) => e.size > MAX_ENTRY_BYTES);
  if (tooBig) return { ok: false, reason: `"${tooBig.name}" unpacks to ${Math.round(tooBig.size / 1048576)} MB` };
  const todo = new Set(xml.filter((e) => e.method === 8 && e.size >= INLINE_FROM && (e.flags & 1) === 0));
  if (todo.size === 0) return { ok: true, bytes };

  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const lo = e.localOffset;
    if (lo + 30 > bytes.length || u32(bytes, lo) !== 0x04034b50) return { ok: true, bytes };
    const start = lo + 30 + u16(bytes, lo + 26) + u16(bytes, lo + 28);
    const data = bytes.subarray(start, start + e.compressedSize);
    if (data.length !== e.compressedSize) return { ok: true, bytes };
    let method = e.method;
    let payload = data;
    if (todo.has(e)) {
      const inflated = await inflateRaw(data, e.size);
      if (!inflated) return { ok: true, bytes };
      method = 0;
      payload = inflated;
    }
    const header = localHeader(e, method, payload.length);
    central.push(centralHeader(e, method, payload.length, offset));
    parts.push(header, payload);
    offset += header.length + payload.length;
  }
  const centralSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, entries.length, true);
  v.setUint16(10, entries.length, true);
  v.setUint32(12, centralSize, true);
  v.setUint32(16, offset, true);
  if (offset + centralSize > 0xffffffff) return { ok: false, reason: 'the unpacked workbook is over 4 GB' };
  const out = new Uint8Array(offset + centralSize + 22);
  let at = 0;
  for (const p of [...parts, ...central, end]) {
    out.set(p, at);
    at += p.length;
  }
  return { ok: true, bytes: out };
}
