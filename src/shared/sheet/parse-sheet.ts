import { parseCsvBytes } from './csv-parse';
import { toUint8Array } from './decode';
import type { ParseOptions, ParseOutcome } from './parsed-sheet';

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Parses sheet bytes by content first, name second: an .xlsx renamed to .csv is still read as a workbook, an old
 * .xls gets a clear "save as .xlsx", a non-workbook named .xlsx is refused. Never throws: problems come back as
 * `{ok: false, error}`. The same function runs in the renderer's Worker and in the CLI.
 */
export async function parseSheetBytes(
  input: Uint8Array | ArrayBuffer,
  fileName: string,
  options: ParseOptions = {},
): Promise<ParseOutcome> {
  try {
    const bytes = toUint8Array(input);
    const lower = fileName.toLowerCase();
    if (startsWith(bytes, ZIP)) {
      // Loaded for workbooks only: the xlsx reader and its unzip are a good part of a CSV-only `cli validate`'s
      // start-up (issue 15), and nothing else here needs them.
      const { parseXlsxBytes } = await import('./xlsx-parse');
      const outcome = await parseXlsxBytes(bytes, fileName, options);
      if (outcome.ok && !/\.xls[xm]$/.test(lower))
        outcome.sheet.notes.unshift(`${fileName} is an Excel workbook despite its name; it was read as .xlsx.`);
      return outcome;
    }
    if (startsWith(bytes, OLE2)) {
      return {
        ok: false,
        error: {
          code: 'file_unsupported',
          message: `${fileName} is an old Excel 97–2003 (.xls) workbook. Open it in Excel and save it as .xlsx or "CSV UTF-8".`,
        },
      };
    }
    if (/\.xls[xmb]?$/.test(lower)) {
      return {
        ok: false,
        error: {
          code: 'file_unreadable',
          message: `${fileName} is not a valid Excel .xlsx workbook (it may be damaged or renamed).`,
        },
      };
    }
    return parseCsvBytes(bytes, fileName, options);
  } catch (error) {
    // Defensive: a parser bug must still surface as a file-level problem, not a crash of the import screen.
    const detail = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
    return { ok: false, error: { code: 'file_unreadable', message: `${fileName} could not be read (${detail}).` } };
  }
}
