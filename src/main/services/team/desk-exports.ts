import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { AppError } from '../../../shared/domain/errors';
import { decodeRows, type ExportHead, type ExportLine } from '../exports/export-wire';
import type { ExportSource } from '../exports/jobs';
import { PAYOUT_COLUMNS } from '../exports/payout-columns';
import { RECON_COLUMNS } from '../exports/recon-columns';
import { knownCode } from './desk-client';

/**
 * A Desk Server's export stream (`POST /api/exports`, main/server/export-route.ts) read by a client — the CLI's
 * `export --server` and the desk app's Team mode alike — as the ExportSource the local writers take, so the file
 * a team member saves is written by the same code, cell for cell, as a local export. The token goes in the
 * Authorization header only.
 */

/**
 * A streamed answer read line by line, so an export of any size never sits whole in memory. No overall timeout:
 * a long export is still working; the signal (Ctrl-C, the desk's Cancel) ends it. A refusal before the stream
 * starts is the server's usual error envelope.
 */
export async function* deskLines(
  base: URL,
  token: string,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): AsyncGenerator<unknown> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw new AppError('cancelled', 'Cancelled.');
    throw new AppError(
      'db_error',
      `The Desk Server at ${base.origin} could not be reached: ${(error as Error).message}`,
    );
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    let err: { code?: unknown; message?: unknown } | undefined;
    try {
      err = (JSON.parse(text) as { error?: typeof err }).error;
    } catch {
      err = undefined;
    }
    throw new AppError(
      knownCode(err?.code),
      typeof err?.message === 'string' ? err.message : `The Desk Server answered HTTP ${res.status}.`,
    );
  }
  const input = Readable.fromWeb(res.body as never);
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of reader) {
      if (line.trim() === '') continue;
      yield JSON.parse(line) as unknown;
    }
  } catch (error) {
    if (signal?.aborted) throw new AppError('cancelled', 'Cancelled.');
    if (error instanceof SyntaxError) throw new AppError('internal', 'The Desk Server sent a broken export line.');
    throw new AppError('db_error', `The Desk Server's export stream broke: ${(error as Error).message}`);
  } finally {
    // Stopped early (a failed write, a cancel): drop the connection, so the server stops reading for nobody.
    reader.close();
    input.destroy();
  }
}

/**
 * An export read from a Desk Server as the source the local writers take: the file is written by the caller,
 * page by page as the pages arrive. A stream that ends without its `end` line was cut short: that is an error,
 * so no short file is kept under the name.
 */
export async function deskExportSource(
  base: URL,
  token: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<ExportSource> {
  const lines = deskLines(base, token, '/api/exports', body, signal);
  const first = await lines.next();
  const head = first.value as ExportHead | ExportLine | undefined;
  if (first.done || !head || !('kind' in head)) {
    if (head && 'error' in head) throw new AppError(knownCode(head.error.code), head.error.message);
    throw new AppError('internal', 'The Desk Server did not start the export.');
  }
  let end: { footer: unknown[][]; totalPaise: number } | null = null;
  async function* chunks() {
    for await (const value of lines) {
      const line = value as ExportLine;
      if ('rows' in line) yield decodeRows(line.rows);
      else if ('end' in line) end = line.end;
      else if ('error' in line) throw new AppError(knownCode(line.error.code), line.error.message);
    }
    if (!end) throw new AppError('db_error', 'The Desk Server stopped the export midway; no file was written.');
  }
  return {
    sheet: { sheetName: head.sheetName, columns: head.kind === 'recon' ? RECON_COLUMNS : PAYOUT_COLUMNS },
    total: head.total,
    chunks: chunks(),
    footer: () => decodeRows(end?.footer ?? []),
    totalPaise: () => end?.totalPaise ?? 0,
  };
}
