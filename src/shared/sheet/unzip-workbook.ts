import { unzipSync, zipSync, type UnzipFileInfo } from 'fflate';

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
 * takes entries, only one that takes the archive; for stored entries its fflate unzip just copies the bytes,
 * synchronously, with no worker — so this is how the entries reach its sheet parser.
 */
export function storedArchive(entries: Record<string, Uint8Array>): Uint8Array {
  return zipSync(entries, { level: 0 });
}
