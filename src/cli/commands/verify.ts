import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { flagText } from '../command';
import { openServerSession } from '../server-client';
import type { CliCommand, CliIo } from '../command';
import type { CliAppOptions } from '../app-context';
import { readStoredSettings, resolveDataDir } from '../data-dir';
import { ENKASH_USAGE, UsageError } from '../enkash-from-env';
import { verifyRowsOn, type VerifyOutcome } from '../../main/services/verification/index';
import { maskAccount } from '../../shared/domain/mask';
import { verificationConcurrency } from '../../shared/settings/api-profile';
import { verificationCacheDays } from '../../shared/settings/verification-settings';
import { PAYEE_VERDICT_INFO, PAYEE_VERDICTS, type PayeeVerdict } from '../../shared/verify/payee-verdict';
import {
  type VerificationRowInput,
  type VerificationSummary,
  verificationRowFromDraft,
} from '../../shared/verify/verification';
import { enkashCommand } from './enkash-command';
import { readSheetFile, type ValidateRun, validateBytes } from './validate';

const USAGE = `verify <file.csv|file.xlsx> [--penny-drop] ${ENKASH_USAGE} [--server URL] [--json]`;

/** Rows per call to a Desk Server: well inside its 1 MB request limit (a row is a few hundred bytes). */
const SERVER_CHUNK = 2000;

export type VerifyJsonRow = {
  row: number;
  payeeName: string;
  bankName: string | null;
  verdict: PayeeVerdict;
  score: number | null;
  reason: string;
  fromCache: boolean;
};

/** `--json`: one object per run. `leftOut` counts the rows with validation errors, which are not checked. */
export type VerifyJson = {
  rows: VerifyJsonRow[];
  summary: VerificationSummary & { environment: string; pennyDrop: boolean; leftOut: number; cancelled: boolean };
};

/** 0: every bank row matches; 1: some bank row is partial, a mismatch, failed or not checked. */
export function verifyExitCode(outcome: Pick<VerifyOutcome, 'results'>): 0 | 1 {
  return outcome.results.every((r) => r.verdict === 'match' || r.verdict === 'skipped') ? 0 : 1;
}

/** The sheet's checkable rows (validation errors left out, counted), through the `validate` pipeline. */
function sheetRows(run: ValidateRun): { rows: VerificationRowInput[]; leftOut: number } {
  const result = run.result!;
  const bad = new Set(result.issues.filter((i) => i.severity === 'error').map((i) => i.row));
  const rows = result.drafts.filter((d) => !bad.has(d.row)).map((d) => verificationRowFromDraft(d));
  return { rows, leftOut: result.drafts.length - rows.length };
}

function fileProblem(io: CliIo, asJson: boolean, run: ValidateRun): number {
  const error = 'error' in run.json ? run.json.error : { code: 'file_invalid', message: 'The file cannot be read.' };
  if (asJson) io.out(JSON.stringify({ error }));
  else io.err(`Cannot verify: ${error.message} [${error.code}]`);
  return 2;
}

// A column at least one space wider than its text, so a cut value never runs into the next column.
const cell = (text: string, width: number) =>
  text.length >= width ? `${text.slice(0, width - 2)}… ` : text.padEnd(width);

function printHuman(io: CliIo, input: VerificationRowInput[], out: VerifyOutcome, json: VerifyJson): void {
  const byRow = new Map(input.map((r) => [r.row, r]));
  io.out(
    `${cell('Row', 6)}${cell('Payee', 26)}${cell('Account', 16)}${cell('Bank name', 26)}${cell('Verdict', 15)}Score  Reason`,
  );
  for (const r of out.results) {
    const row = byRow.get(r.row)!;
    const account = row.mode === 'UPI' ? (row.vpa ?? '—') : maskAccount(row.accountNumber);
    const score = r.score === null ? '—' : r.score.toFixed(2);
    io.out(
      `${cell(String(r.row), 6)}${cell(row.payeeName, 26)}${cell(account, 16)}${cell(r.bankName ?? '—', 26)}` +
        `${cell(PAYEE_VERDICT_INFO[r.verdict].label, 15)}${cell(score, 7)}${r.reason}${r.fromCache ? ' (cached)' : ''}`,
    );
  }
  const s = json.summary;
  const counts = PAYEE_VERDICTS.filter((v) => s.counts[v] > 0)
    .map((v) => `${PAYEE_VERDICT_INFO[v].label.toLowerCase()} ${s.counts[v]}`)
    .join(' · ');
  io.out(
    `${s.rows} rows verified (${s.environment}${s.pennyDrop ? ', penny drop' : ''}): ${counts || 'none'}` +
      ` · EnKash checks ${s.calls} · from cache ${s.fromCache}` +
      (s.leftOut ? ` · ${s.leftOut} rows with validation errors left out` : ''),
  );
}

/**
 * The same check run by a Desk Server (`verify --server`, its served `startVerify`): EnKash's account checks need
 * its credentials and fixed IP, and its cache is the team's. The sheet was read and validated here; its rows go in
 * chunks and the outcomes are added up. Ctrl-C cancels the running chunk on the server and sends no more.
 */
async function verifyViaServer(
  server: string,
  io: CliIo,
  rows: VerificationRowInput[],
  pennyDrop: boolean,
): Promise<VerifyOutcome & { environment: string }> {
  const session = await openServerSession(server, io);
  let jobId = '';
  let stopped = false;
  const onSigint = () => {
    stopped = true;
    if (jobId) void session.ipc('cancelVerify', { jobId }).catch(() => undefined);
  };
  process.once('SIGINT', onSigint);
  try {
    const { environment } = await session.call<{ environment: string }>('GET', '/api/me');
    const counts = Object.fromEntries(PAYEE_VERDICTS.map((v) => [v, 0])) as VerificationSummary['counts'];
    const total: VerifyOutcome = {
      results: [],
      summary: { rows: 0, calls: 0, fromCache: 0, counts },
      cancelled: false,
    };
    for (let i = 0; i < rows.length && !stopped; i += SERVER_CHUNK) {
      jobId = randomUUID();
      const part = await session.ipc<VerifyOutcome>('startVerify', {
        jobId,
        rows: rows.slice(i, i + SERVER_CHUNK),
        pennyDrop,
      });
      total.results.push(...part.results);
      total.summary.rows += part.summary.rows;
      total.summary.calls += part.summary.calls;
      total.summary.fromCache += part.summary.fromCache;
      for (const v of PAYEE_VERDICTS) counts[v] += part.summary.counts[v] ?? 0;
      if (part.cancelled) stopped = true;
    }
    total.cancelled = stopped;
    return { ...total, environment };
  } finally {
    process.removeListener('SIGINT', onSigint);
    await session.end();
  }
}

/**
 * `verify`: checks the payees of a sheet at EnKash's bank-account verification (penny-less unless --penny-drop)
 * through the same service, cache and verdicts as the app. Exit 0 every bank row matches, 1 any partial,
 * mismatch or failed, 2 a file or usage problem; an EnKash failure is reported the CLI's one way.
 */
export function createVerifyCommand(deps: Pick<CliAppOptions, 'fetch'> = {}): CliCommand {
  const spec = {
    name: 'verify',
    summary: "Check each payee's bank account at EnKash and score the bank-held name against the sheet's",
    usage: USAGE,
    options: ['penny-drop', 'server'],
    booleans: ['penny-drop'],
  };
  return enkashCommand(spec, deps, async ({ flags, positionals, io, asJson, open }) => {
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length ? `Expected one file, got ${positionals.length}` : 'Which file? Give a .csv or .xlsx path',
      );
    }
    const flag = flags['penny-drop'];
    if (flag !== undefined && flag !== true) throw new UsageError('--penny-drop takes no value');
    const pennyDrop = flag === true;
    const path = positionals[0]!;
    const stored = readStoredSettings(resolveDataDir(flags, io.env));
    const read = await readSheetFile(path);
    if (!(read instanceof Uint8Array)) return fileProblem(io, asJson, read);
    const run = await validateBytes(read, basename(path), undefined, stored.apiProfile.modeLimits);
    if (run.exitCode === 2 || !run.result) return fileProblem(io, asJson, run);
    const { rows, leftOut } = sheetRows(run);

    const verifyHere = async (app: Awaited<ReturnType<typeof open>>) => {
      const { client, environment, profile } = await app.ctx.enkash.session();
      const local = await verifyRowsOn(
        {
          store: app.ctx.store,
          environment,
          client,
          now: app.ctx.now,
          cacheDays: verificationCacheDays(app.ctx.settings.get()),
          concurrency: verificationConcurrency(profile),
        },
        rows,
        { pennyDrop },
      );
      return { ...local, environment };
    };
    if (pennyDrop && !asJson) {
      io.err('Penny drop: a small credit is sent to every account checked, and EnKash charges a fee per check.');
    }
    const server = flagText(flags.server, 'server');
    const { environment, ...outcome } =
      server !== undefined ? await verifyViaServer(server, io, rows, pennyDrop) : await verifyHere(await open());
    const json: VerifyJson = {
      rows: outcome.results.map((r, i) => ({
        row: r.row,
        payeeName: rows[i]!.payeeName,
        bankName: r.bankName,
        verdict: r.verdict,
        score: r.score,
        reason: r.reason,
        fromCache: r.fromCache,
      })),
      summary: { ...outcome.summary, environment, pennyDrop, leftOut, cancelled: outcome.cancelled },
    };
    if (asJson) io.out(JSON.stringify(json));
    else printHuman(io, rows, outcome, json);
    return verifyExitCode(outcome);
  });
}

export const verifyCommand = createVerifyCommand();
