import type { CallOutcome } from './diagnose-calls';
import type { DiagnosticReport } from './diagnose';

/**
 * The diagnostic report as plain text a user can paste into a mail to EnKash support: fixed-width columns, no
 * secret, no account number (the report holds none), every call with what happened and what it may mean.
 */

const OUTCOME_TEXT: Record<CallOutcome, string> = {
  answered: 'answered',
  not_found: 'NOT FOUND',
  refused: 'REFUSED',
  unreadable: 'UNREADABLE',
  no_answer: 'NO ANSWER',
  not_tested: 'not tested',
};

function derivationLine(r: DiagnosticReport): string {
  const configured = `configured ${r.configuredDerivation}`;
  if (!r.detectedDerivation) return `Key derivation: ${configured}; not confirmed (no documented call gave evidence)`;
  const how =
    r.derivationEvidence === 'balance-decrypts'
      ? 'the Get Balance answer decrypts with it'
      : 'Fetch Statement read a request sealed with it';
  const mismatch = r.detectedDerivation !== r.configuredDerivation ? ' — DIFFERS from the profile' : '';
  return `Key derivation: ${configured}; confirmed ${r.detectedDerivation} (${how})${mismatch}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** Plain-text rendering of {@link DiagnosticReport}; `environment` is the app's name for where it ran. */
export function renderDiagnosticTable(report: DiagnosticReport, environment?: string): string {
  const head = ['EnKash diagnostics'];
  if (environment) head.push(`Environment: ${environment}`);
  if (report.baseUrl) head.push(`Base URL: ${report.baseUrl}`);
  head.push(derivationLine(report));
  if (report.token.ok)
    head.push(
      `Token: ${report.token.style ?? 'unknown style'}${
        report.token.expiresInSeconds !== null ? `, valid ${report.token.expiresInSeconds} s` : ''
      }`,
    );
  const responses =
    report.balance.encrypted === null
      ? 'unknown'
      : `${report.balance.encrypted ? 'encrypted' : 'plain'} GETs, ${report.balance.wrapper ?? 'unknown'} wrapper`;
  head.push(`Responses: ${responses}`);
  const rows = [
    ['Call', 'Method', 'Path', 'Result', 'HTTP', 'Detail'],
    ...report.calls.map((c) => [
      c.label,
      c.method,
      c.path,
      OUTCOME_TEXT[c.outcome],
      c.httpStatus === null ? '-' : String(c.httpStatus),
      c.detail,
    ]),
  ];
  const answered = report.calls.filter((c) => c.outcome === 'answered').length;
  const tested = report.calls.filter((c) => c.outcome !== 'not_tested').length;
  const foot = `${answered} of ${tested} tested calls answered; writes are never probed.`;
  return [...head, '', ...table(rows), '', foot].join('\n');
}
