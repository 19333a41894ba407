import { unzip, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { storedArchive, unzipWorkbook } from '../../../src/shared/sheet/unzip-workbook';
import { fixture } from './helpers';

// storedArchive writes its zip by hand with CRC 0 (no CRC pass over the sheet: see its comment). That is only
// safe while the readers it feeds — fflate's async `unzip` inside read-excel-file — accept it; these prove it.

function entriesOf(name: string): Record<string, Uint8Array> {
  const out = unzipWorkbook(fixture(name));
  if (!out.ok) throw new Error(`${name}: ${out.limit}`);
  return out.entries;
}

function asyncUnzip(bytes: Uint8Array): Promise<Record<string, Uint8Array>> {
  return new Promise((resolve, reject) => unzip(bytes, (error, files) => (error ? reject(error) : resolve(files))));
}

describe('storedArchive', () => {
  it('round-trips every part byte for byte through fflate unzip, sync and async (UTF-8 names included)', async () => {
    const entries = {
      ...entriesOf('payouts-second-sheet.xlsx'),
      'xl/worksheets/नाम ₹.xml': new Uint8Array([60, 97, 47, 62]),
    };
    const archive = storedArchive(entries);
    for (const files of [unzipSync(archive), await asyncUnzip(archive)]) {
      expect(Object.keys(files).sort()).toEqual(Object.keys(entries).sort());
      for (const [name, data] of Object.entries(entries)) expect(files[name]).toEqual(data);
    }
  });

  it('stores the parts uncompressed, one after another, in an archive with nothing else to allocate', () => {
    const entries = entriesOf('payouts-mixed.xlsx');
    const archive = storedArchive(entries);
    const names = Object.keys(entries);
    const headers = names.reduce((n, name) => n + 76 + 2 * new TextEncoder().encode(name).length, 0);
    const data = Object.values(entries).reduce((n, d) => n + d.length, 0);
    expect(archive.length).toBe(headers + data + 22);
    // The whole buffer is the archive, so read-excel-file gets its ArrayBuffer without another copy.
    expect(archive.byteOffset).toBe(0);
    expect(archive.buffer.byteLength).toBe(archive.length);
  });

  it('is read by read-excel-file exactly like the original workbook', async () => {
    for (const name of ['payouts-mixed.xlsx', 'payouts-second-sheet.xlsx', 'payouts-formulas.xlsx']) {
      const original = fixture(name);
      const theirs = await readXlsxFile(original.slice().buffer);
      const ours = await readXlsxFile(storedArchive(entriesOf(name)).buffer as ArrayBuffer);
      expect(ours, name).toEqual(theirs);
    }
  });

  it('writes an empty archive that still reads as a zip', () => {
    expect(unzipSync(storedArchive({}))).toEqual({});
  });
});
