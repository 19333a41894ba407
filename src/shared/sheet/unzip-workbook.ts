import { unzipSync, type UnzipFileInfo } from 'fflate';

/**
 * Unpacks an .xlsx (a zip of XML parts) with fflate's SYNCHRONOUS unzip. Why not read-excel-file's own unzip: it
 * calls fflate's async `unzip`, which inflates any entry over 512 KB in a Worker built from a `blob:` URL; the
 * renderer CSP (`worker-src 'self'`) forbids that, and fflate listens for no error on that worker, so a big sheet
 * would hang the import. This runs inside our own sheet worker (src/renderer/workers/sheet-worker.ts) — or in the
 * CLI's process — so blocking is fine there.
 *
 * Limits are checked in fflate's `filter`, from the central directory, BEFORE an entry is inflated — fflate
 * allocates the declared size up front, so a header claiming 4 GB must be refused before that. The declared
 * sizes are not trusted beyond that: fflate inflates into a buffer of exactly the declared size and never grows
 * it (inflateSync with `out`), so an entry that inflates to more is cut there — the actual bytes held never pass
 * the checked limits — and one that inflates to less is refused here.
 */

export type ZipLimits = {
  /** Entries in the whole archive (directories and images included): real workbooks have tens. */
  maxEntries: number;
  /** One XML part, unpacked. A sheet this large would not fit in a JS string anyway. */
  maxEntryBytes: number;
  /** All XML parts together, unpacked. */
  maxTotalBytes: number;
  /** Unpacked ÷ packed for one part; real sheet XML packs about 5–20:1, a deflate bomb about 1000:1. */
  maxRatio: number;
  /** Parts smaller than this skip the ratio check: tiny XML packs well and cannot hurt. */
  ratioFromBytes: number;
};

const MiB = 1024 * 1024;

export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 500 * MiB,
  maxTotalBytes: 768 * MiB,
  maxRatio: 200,
  ratioFromBytes: MiB,
};

export type ZipLimit = 'entries' | 'entry-size' | 'total-size' | 'ratio' | 'damaged';

export type UnzipOutcome =
  | { ok: true; entries: Record<string, Uint8Array> }
  | { ok: false; limit: ZipLimit; entry?: string; declaredBytes?: number };

/** read-excel-file reads only these; images, printer settings and the like are never inflated. */
function isXmlPart(name: string): boolean {
  return name.endsWith('.xml') || name.endsWith('.xml.rels');
}

/** Deflate never grows data by more than a few bytes per 64 KB block; more packed than unpacked is a lie. */
function packedIsPlausible(info: UnzipFileInfo): boolean {
  return info.compression === 0
    ? info.size === info.originalSize
    : info.size <= info.originalSize + Math.ceil(info.originalSize / 1024) + 64;
}

class LimitBreach extends Error {
  constructor(readonly outcome: Extract<UnzipOutcome, { ok: false }>) {
    super(outcome.limit);
  }
}

export function unzipWorkbook(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): UnzipOutcome {
  let count = 0;
  let total = 0;
  const declared = new Map<string, number>();
  const breach = (limit: ZipLimit, entry?: string, declaredBytes?: number): never => {
    throw new LimitBreach({ ok: false, limit, entry, declaredBytes });
  };
  const filter = (info: UnzipFileInfo): boolean => {
    if (++count > limits.maxEntries) breach('entries');
    if (!isXmlPart(info.name)) return false;
    const size = info.originalSize;
    if (size > limits.maxEntryBytes) breach('entry-size', info.name, size);
    if (!packedIsPlausible(info)) breach('damaged', info.name);
    if (size >= limits.ratioFromBytes && size > limits.maxRatio * Math.max(info.size, 1))
      breach('ratio', info.name, size);
    total += size;
    if (total > limits.maxTotalBytes) breach('total-size', info.name, total);
    declared.set(info.name, size);
    return true;
  };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter });
  } catch (error) {
    if (error instanceof LimitBreach) return error.outcome;
    // fflate's own errors (not a zip, bad deflate data, unknown method …) all mean a damaged workbook.
    return { ok: false, limit: 'damaged' };
  }
  for (const [name, data] of Object.entries(entries)) {
    if (data.length !== declared.get(name)) return { ok: false, limit: 'damaged', entry: name };
  }
  return { ok: true, entries };
}

/**
 * Packs unzipped parts back as "stored" (uncompressed) entries. read-excel-file 9.3.17 exports no parser that
 * takes entries, only one that takes the archive (its deep modules are closed by package "exports"); for stored
 * entries its fflate unzip just copies the bytes, synchronously, with no worker — so this is how the entries
 * reach its sheet parser.
 *
 * Written by hand rather than with fflate's zipSync because zipSync computes a CRC-32 over every byte — about
 * 150 ms of a 100,000-row import, 8% of it (test/bench/sheet-xlsx.bench.ts). The only reader of this archive is
 * fflate's `unzip` inside read-excel-file, which never checks CRCs (test/unit/sheet/stored-archive.test.ts keeps
 * that true across upgrades), and the bytes were already inflated and size-checked above, so the CRC is left 0.
 * Sizes stay far below zip64: at most 768 MiB in total and 10,000 entries (ZIP_LIMITS).
 */
export function storedArchive(entries: Record<string, Uint8Array>): Uint8Array {
  const encoder = new TextEncoder();
  const parts = Object.entries(entries).map(([name, data]) => ({ name: encoder.encode(name), data }));
  let localBytes = 0;
  let centralBytes = 0;
  for (const p of parts) {
    localBytes += 30 + p.name.length + p.data.length;
    centralBytes += 46 + p.name.length;
  }
  const out = new Uint8Array(localBytes + centralBytes + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  let central = localBytes;
  for (const p of parts) {
    const size = p.data.length;
    // Local header: version 2.0, flag 0x0800 (UTF-8 name), method 0 (stored), CRC 0, sizes, name length.
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 0x0800, true);
    view.setUint32(at + 18, size, true);
    view.setUint32(at + 22, size, true);
    view.setUint16(at + 26, p.name.length, true);
    out.set(p.name, at + 30);
    out.set(p.data, at + 30 + p.name.length);
    // Central record: the same fields, plus where the local header starts.
    view.setUint32(central, 0x02014b50, true);
    view.setUint16(central + 4, 20, true);
    view.setUint16(central + 6, 20, true);
    view.setUint16(central + 8, 0x0800, true);
    view.setUint32(central + 20, size, true);
    view.setUint32(central + 24, size, true);
    view.setUint16(central + 28, p.name.length, true);
    view.setUint32(central + 42, at, true);
    out.set(p.name, central + 46);
    at += 30 + p.name.length + size;
    central += 46 + p.name.length;
  }
  // End of central directory: entry counts, directory size and offset.
  view.setUint32(central, 0x06054b50, true);
  view.setUint16(central + 8, parts.length, true);
  view.setUint16(central + 10, parts.length, true);
  view.setUint32(central + 12, centralBytes, true);
  view.setUint32(central + 16, localBytes, true);
  return out;
}
