import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseSheetBytes } from '../../../src/shared/sheet/index';
import { ZIP_LIMITS, unzipWorkbook, type ZipLimits } from '../../../src/shared/sheet/unzip-workbook';
import { fixture, sheetOf } from './helpers';

// Zip bombs are built here with fflate's zipSync, then their central directory is edited where a test needs a
// header that lies. Every bomb must end in a clear file-level error, never in an out-of-memory or a hang.

const SHEET = 'xl/worksheets/sheet1.xml';
const MiB = 1024 * 1024;

/** The real entries of a small, valid workbook fixture. */
function workbookEntries(): Zippable {
  return unzipSync(fixture('payouts-mixed.xlsx'));
}

/** Offset of `name`'s record in the central directory (signature PK\1\2). */
function centralRecord(zip: Uint8Array, name: string): number {
  const wanted = strToU8(name);
  for (let at = zip.length - 22; at >= 0; at--) {
    if (zip[at] !== 0x50 || zip[at + 1] !== 0x4b || zip[at + 2] !== 1 || zip[at + 3] !== 2) continue;
    const length = zip[at + 28]! | (zip[at + 29]! << 8);
    if (length === wanted.length && wanted.every((b, i) => zip[at + 46 + i] === b)) return at;
  }
  throw new Error(`no central record for ${name}`);
}

/** Rewrites the sizes the central directory declares for `name` (what fflate's filter reports). */
function lie(zip: Uint8Array, name: string, sizes: { originalSize?: number; size?: number }): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  const at = centralRecord(copy, name);
  if (sizes.size !== undefined) view.setUint32(at + 20, sizes.size, true);
  if (sizes.originalSize !== undefined) view.setUint32(at + 24, sizes.originalSize, true);
  return copy;
}

/** Bytes that do not compress (xorshift), so a size limit — not the ratio limit — is what they meet. */
function noise(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function fileError(bytes: Uint8Array, name = 'bomb.xlsx') {
  const out = await parseSheetBytes(bytes, name);
  if (out.ok) expect.fail('expected a file error, got a sheet');
  return out.error;
}

describe('zip limits, checked before inflating', () => {
  it('refuses an archive with more entries than any workbook has', async () => {
    const entries: Zippable = workbookEntries();
    for (let i = 0; i <= ZIP_LIMITS.maxEntries; i++) entries[`xl/media/pad${i}.bin`] = new Uint8Array(0);
    const bomb = zipSync(entries, { level: 0 });
    const out = unzipWorkbook(bomb);
    expect(out).toMatchObject({ ok: false, limit: 'entries' });
    const error = await fileError(bomb);
    expect(error.code).toBe('file_unreadable');
    expect(error.message).toBe(
      `bomb.xlsx cannot be read: it holds more than ${ZIP_LIMITS.maxEntries.toLocaleString('en-IN')} files ` +
        'inside, far more than any workbook (it may be damaged or not a real .xlsx file).',
    );
  });

  it('refuses one huge, highly compressible sheet by its compression ratio', async () => {
    const entries = workbookEntries();
    entries[SHEET] = new Uint8Array(16 * MiB); // 16 MiB of zeros deflate to ~16 KB: about 1000:1
    const bomb = zipSync(entries, { level: 9 });
    expect(bomb.length).toBeLessThan(MiB);
    expect(unzipWorkbook(bomb)).toMatchObject({ ok: false, limit: 'ratio', entry: SHEET });
    const error = await fileError(bomb);
    expect(error.code).toBe('file_unreadable');
    expect(error.message).toBe(
      `bomb.xlsx cannot be read: "${SHEET}" is compressed more than ${ZIP_LIMITS.maxRatio}:1, which no real ` +
        'workbook is (it looks like a zip bomb).',
    );
  });

  it('refuses a sheet whose header claims more than the per-entry limit, without allocating it', async () => {
    const zip = zipSync(workbookEntries());
    // 600 MiB declared for a few KB of data: fflate would allocate the declared size if the filter let it through.
    const bomb = lie(zip, SHEET, { originalSize: 600 * MiB, size: 64 * MiB });
    expect(unzipWorkbook(bomb)).toMatchObject({ ok: false, limit: 'entry-size', entry: SHEET });
    const error = await fileError(bomb);
    expect(error.code).toBe('file_unreadable');
    expect(error.message).toBe(
      `bomb.xlsx is too large to read ("${SHEET}" unpacks to 600 MB; the limit is ` +
        `${ZIP_LIMITS.maxEntryBytes / MiB} MB per part). Save it as CSV or split it into smaller files.`,
    );
  });

  it('refuses parts that together unpack past the total limit', async () => {
    let zip: Uint8Array = zipSync(workbookEntries());
    // Each part stays under the per-entry limit and a plausible ratio; together they pass the total.
    const each = ZIP_LIMITS.maxEntryBytes - MiB;
    zip = lie(zip, SHEET, { originalSize: each, size: Math.ceil(each / 10) });
    zip = lie(zip, 'xl/sharedStrings.xml', { originalSize: each, size: Math.ceil(each / 10) });
    expect(each * 2).toBeGreaterThan(ZIP_LIMITS.maxTotalBytes);
    expect(unzipWorkbook(zip)).toMatchObject({ ok: false, limit: 'total-size' });
    const error = await fileError(zip);
    expect(error.code).toBe('file_unreadable');
    expect(error.message).toBe(
      `bomb.xlsx is too large to read (it unpacks to more than ${ZIP_LIMITS.maxTotalBytes / MiB} MB in total). ` +
        'Save it as CSV or split it into smaller files.',
    );
  });

  it('applies smaller limits the same way (entry size, total, count)', () => {
    const zip = zipSync({ 'xl/a.xml': noise(300_000), 'xl/b.xml': noise(300_000, 9), 'xl/c.xml': noise(10) });
    const tight: ZipLimits = { ...ZIP_LIMITS, maxEntryBytes: 200_000 };
    expect(unzipWorkbook(zip, tight)).toMatchObject({ ok: false, limit: 'entry-size', entry: 'xl/a.xml' });
    expect(unzipWorkbook(zip, { ...ZIP_LIMITS, maxTotalBytes: 500_000 })).toMatchObject({
      ok: false,
      limit: 'total-size',
      entry: 'xl/b.xml',
    });
    expect(unzipWorkbook(zip, { ...ZIP_LIMITS, maxEntries: 2 })).toMatchObject({ ok: false, limit: 'entries' });
    const fine = unzipWorkbook(zip, { ...ZIP_LIMITS, maxTotalBytes: 600_010 });
    expect(fine.ok && Object.keys(fine.entries).sort()).toEqual(['xl/a.xml', 'xl/b.xml', 'xl/c.xml']);
  });

  it('skips non-XML parts (images) without inflating them, yet counts them', () => {
    const entries = workbookEntries();
    entries['xl/media/image1.png'] = new Uint8Array(16 * MiB); // would breach the ratio if it were inflated
    const out = unzipWorkbook(zipSync(entries, { level: 9 }));
    expect(out.ok).toBe(true);
    expect(out.ok && Object.keys(out.entries)).not.toContain('xl/media/image1.png');
    expect(out.ok && out.entries['xl/workbook.xml']).toBeInstanceOf(Uint8Array);
  });
});

describe('zip headers that lie about the inflated size', () => {
  it('never holds more than the declared size when an entry inflates to more, and reports the file damaged', async () => {
    const entries = workbookEntries();
    const real = strToU8(`<worksheet>${'<row/>'.repeat(400_000)}</worksheet>`); // 2.4 MB of XML
    entries[SHEET] = real;
    const zip = zipSync(entries);
    // Declared 64 KiB: more than the ~2.4 KB of deflate data (so plausible), far less than what it inflates to.
    const bomb = lie(zip, SHEET, { originalSize: 64 * 1024 });
    const out = unzipWorkbook(bomb);
    // fflate inflates into a buffer of the declared size and never grows it: the actual bytes are capped there.
    expect(out.ok && out.entries[SHEET]!.length).toBe(64 * 1024);
    const error = await fileError(bomb);
    expect(error.code).toBe('file_unreadable');
    // The XML cut at the declared size no longer parses: a damaged workbook, not a partial sheet.
    expect(error.message).toMatch(/^bomb\.xlsx cannot be read: the workbook .*damaged/);
  });

  it('refuses, before inflating, an entry whose deflate data is larger than its declared size', () => {
    const entries = workbookEntries();
    entries[SHEET] = noise(50_000); // incompressible: ~50 KB of deflate data
    const bomb = lie(zipSync(entries), SHEET, { originalSize: 1024 });
    expect(unzipWorkbook(bomb)).toMatchObject({ ok: false, limit: 'damaged', entry: SHEET });
  });

  it('refuses an entry that inflates to less than its header declares', async () => {
    const bomb = lie(zipSync(workbookEntries()), SHEET, { originalSize: 200_000 });
    expect(unzipWorkbook(bomb)).toMatchObject({ ok: false, limit: 'damaged', entry: SHEET });
    const error = await fileError(bomb);
    expect(error.message).toBe(
      `bomb.xlsx cannot be read: the workbook is damaged ("${SHEET}" does not unpack to the size its header declares).`,
    );
  });

  it('still reads a good workbook, with every XML part unpacked', async () => {
    const out = unzipWorkbook(fixture('payouts-mixed.xlsx'));
    expect(out.ok && Object.keys(out.entries)).toEqual(
      expect.arrayContaining(['xl/workbook.xml', SHEET, 'xl/sharedStrings.xml', 'xl/_rels/workbook.xml.rels']),
    );
    expect(sheetOf(await parseSheetBytes(fixture('payouts-mixed.xlsx'), 'm.xlsx')).kind).toBe('xlsx');
  });
});
