import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ignoreConnectionFlags, parseArgs, UsageError, type CliCommand, type CliIo } from '../command';
import { hasSettingsFile, resolveDataDir } from '../data-folder-path';
import type { FileIssue, Issue } from '../../shared/domain/issue';
import { formatPaise } from '../../shared/domain/money';
import type { SheetKind } from '../../shared/domain/payout';
import { SHEET_KINDS } from '../../shared/domain/payout';
import { type ApiProfile, DEFAULT_API_PROFILE } from '../../shared/settings/api-profile';
// The modules themselves, not shared/sheet/index: that re-exports the xlsx reader, which a CSV run never needs
// (parseSheetBytes loads it for a workbook), so the command starts without loading it.
import { columnLabel, suggestMapping } from '../../shared/sheet/column-mapping';
import type { FieldKey } from '../../shared/sheet/fields';
import { FIELD_LABELS } from '../../shared/sheet/fields';
import type { FooterCheck } from '../../shared/sheet/footer-check';
import { parseSheetBytes } from '../../shared/sheet/parse-sheet';
import type { ParsedSheet } from '../../shared/sheet/parsed-sheet';
import { detectSheetKind } from '../../shared/sheet/sheet-kind';
import type { SheetValidation } from '../../shared/sheet/validate-sheet';
import { validateSheet } from '../../shared/sheet/validate-sheet';

const USAGE = 'validate <file.csv|file.xlsx> [--kind payouts|beneficiaries] [--data-dir DIR] [--json]';
/** Human output lists at most this many issues; --json always lists all. */
const HUMAN_ISSUE_LIMIT = 500;

/** The `--json` shape: one object per run. */
export type ValidateJson =
  | {
      kind: SheetKind;
      rows: number;
      validRows: number;
      invalidRows: number;
      totalPaise: number;
      issues: Pick<Issue, 'row' | 'column' | 'code' | 'severity' | 'message'>[];
      /** Present when the sheet ends in a total row: what it says against the rows' sum (issue 17 point 7). */
      footer?: FooterCheck;
    }
  | { error: { code: string; message: string } };

export type ValidateRun = { exitCode: 0 | 1 | 2; json: ValidateJson; sheet?: ParsedSheet; result?: SheetValidation };

function fileError(error: FileIssue | { code: string; message: string }): ValidateRun {
  return { exitCode: 2, json: { error: { code: error.code, message: error.message } } };
}

/**
 * The validate pipeline exactly as the renderer runs it (parse → detect kind → suggest mapping → validate), with
 * the given mode limits (the command passes the stored profile's, as the app uses; default: the documented
 * ones). Exit code 0: no row has an error; 1: some row has one; 2: file-level.
 */
export async function validateBytes(
  bytes: Uint8Array,
  fileName: string,
  kind?: SheetKind,
  modeLimits: ApiProfile['modeLimits'] = DEFAULT_API_PROFILE.modeLimits,
): Promise<ValidateRun> {
  const parsed = await parseSheetBytes(bytes, fileName);
  if (!parsed.ok) return fileError(parsed.error);
  const sheet = parsed.sheet;
  const sheetKind = kind ?? detectSheetKind(sheet.headers);
  const mapping = suggestMapping(sheet.headers, sheetKind);
  const result = validateSheet(sheet, mapping, sheetKind, { modeLimits });
  if (result.fileError) return fileError(result.fileError);
  const { summary } = result;
  const json: ValidateJson = {
    kind: sheetKind,
    rows: summary.rows,
    validRows: summary.validRows,
    invalidRows: summary.invalidRows,
    totalPaise: summary.totalPaise,
    issues: result.issues.map(({ row, column, code, severity, message }) => ({ row, column, code, severity, message })),
  };
  if (summary.footer) json.footer = summary.footer;
  return { exitCode: summary.invalidRows > 0 ? 1 : 0, json, sheet, result };
}

/** The file's bytes, or the exit-2 file problem in the user's words (shared with `verify`). */
export async function readSheetFile(path: string): Promise<Uint8Array | ValidateRun> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : 'it could not be read';
    return fileError({ code: 'file_unreadable', message: `Cannot read ${path}: ${why}.` });
  }
}

function printHuman(io: CliIo, run: ValidateRun): void {
  if ('error' in run.json) {
    io.err(`Cannot validate: ${run.json.error.message} [${run.json.error.code}]`);
    return;
  }
  const { sheet, result } = run;
  if (!sheet || !result) return;
  const where =
    sheet.kind === 'xlsx' ? `sheet "${sheet.sheetName}"` : `CSV, delimiter ${JSON.stringify(sheet.delimiter)}`;
  io.out(`${sheet.fileName}: ${where}, ${result.kind} sheet`);
  for (const note of sheet.notes) io.out(`  note: ${note}`);
  const mapping = suggestMapping(sheet.headers, result.kind);
  const mapped = (Object.entries(mapping) as [FieldKey, number][]).map(
    ([f, i]) => `${FIELD_LABELS[f]} ← "${columnLabel(sheet.headers, i)}"`,
  );
  io.out(`  columns: ${mapped.join(', ')}`);
  const s = result.summary;
  const byMode = Object.entries(s.countByMode)
    .filter(([, n]) => n > 0)
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
  io.out(
    `  rows ${s.rows} · valid ${s.validRows} · with errors ${s.invalidRows} · errors ${s.errors} · warnings ${s.warnings}` +
      (result.kind === 'payouts' ? ` · total ${formatPaise(s.totalPaise)}${byMode ? ` (${byMode})` : ''}` : ''),
  );
  if (s.footer) io.out(`  total row: ${s.footer.message}`);
  for (const issue of result.issues.slice(0, HUMAN_ISSUE_LIMIT)) {
    io.out(
      `  row ${issue.row}${issue.column ? ` [${issue.column}]` : ''} ${issue.severity} ${issue.code}: ${issue.message}`,
    );
  }
  if (result.issues.length > HUMAN_ISSUE_LIMIT)
    io.out(`  … and ${result.issues.length - HUMAN_ISSUE_LIMIT} more (use --json for all)`);
}

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check a payout or beneficiary sheet (CSV/XLSX) against every import rule, offline',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['json']);
    const asJson = flags.json === true;
    const usage = (message: string): number => {
      if (asJson) io.out(JSON.stringify({ error: { code: 'invalid_usage', message } }));
      else io.err(`${message}\nUsage: npm run cli -- ${USAGE}`);
      return 2;
    };
    // Validation needs no server and no environment: those flags are noted and ignored, not fatal.
    ignoreConnectionFlags(flags, io, 'validate', ['env']);
    const unknown = Object.keys(flags).find((f) => f !== 'json' && f !== 'kind' && f !== 'data-dir');
    if (unknown) return usage(`Unknown option --${unknown}`);
    let modeLimits: ApiProfile['modeLimits'];
    try {
      // No settings file → the defaults, without loading conf and electron-log (about 90 ms of start-up, issue 15).
      const dataDir = resolveDataDir(flags, io.env);
      const stored = hasSettingsFile(dataDir) ? (await import('../data-folder')).readStoredSettings(dataDir) : null;
      modeLimits = (stored?.apiProfile ?? DEFAULT_API_PROFILE).modeLimits;
    } catch (error) {
      if (error instanceof UsageError) return usage(error.message);
      throw error;
    }
    if (positionals.length !== 1)
      return usage(
        positionals.length ? `Expected one file, got ${positionals.length}` : 'Which file? Give a .csv or .xlsx path',
      );
    const kindFlag = flags.kind;
    if (kindFlag !== undefined && (kindFlag === true || !(SHEET_KINDS as readonly string[]).includes(kindFlag))) {
      return usage('--kind must be payouts or beneficiaries');
    }
    const path = positionals[0]!;
    const read = await readSheetFile(path);
    if (!(read instanceof Uint8Array)) {
      if (asJson) io.out(JSON.stringify(read.json));
      else printHuman(io, read);
      return 2;
    }
    const bytes = read;
    const run = await validateBytes(bytes, basename(path), kindFlag as SheetKind | undefined, modeLimits);
    if (asJson) io.out(JSON.stringify(run.json));
    else printHuman(io, run);
    return run.exitCode;
  },
};
