import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, mkdtemp, rename, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/domain/errors';

/**
 * Every file we write (exports, error reports, templates, audit packs, advices, Tally files) goes through a temp
 * file in the SAME folder, renamed over the target only when complete: the rename is atomic within one file
 * system, so the chosen name never holds half a file, and an older file of that name survives a failure.
 * The temp name is hidden and random (a `wx` open never follows or clobbers a planted file).
 */

/** A hidden, unguessable sibling of `path`: `.<name>.<hex>.partial`. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
}

/** Runs `write(temp)`, then renames temp → `path`; on any failure the temp is deleted and the error rethrown. */
export async function writeAtomically<T>(path: string, write: (temp: string) => Promise<T>): Promise<T> {
  const temp = tempPathFor(path);
  try {
    const value = await write(temp);
    await rename(temp, path);
    return value;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * A private working folder (0700: other local users cannot read an export of account numbers while it is being
 * assembled) that is always deleted afterwards. Only for intermediate files, e.g. the parts of an audit pack.
 */
export async function withPrivateTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    // mkdtemp already creates 0700 on POSIX; say so explicitly rather than rely on it.
    await chmod(dir, 0o700);
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The error of a cancelled export (the user pressed Cancel while it ran); nothing is left on disk. */
export function cancelled(): AppError {
  return new AppError('cancelled', 'The export was cancelled; no file was written.');
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

/** What a write stream's open failure means to the person who picked the place. */
function openFailure(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const where = dirname(path);
  if (code === 'ENOENT') return new AppError('invalid_input', `The folder ${where} does not exist; nothing was saved.`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError('invalid_input', `This app may not write to ${where}; nothing was saved.`);
  }
  return error;
}

/**
 * A write stream on `temp`, open before the caller reads a single row. A stream reports a failed open (or a later
 * write error) as an 'error' event: with no listener at that moment Node throws it as an uncaught exception, and a
 * writer that then awaits 'finish' waits for ever — which is what happened when the rows came from PostgreSQL, a
 * real round trip, and the folder was missing. So the open is awaited here, and every later error is kept for
 * `failure()` so the writer can stop at its next step.
 */
export async function openTempStream(
  temp: string,
  options: { encoding?: BufferEncoding } = {},
): Promise<{ stream: WriteStream; failure: () => unknown }> {
  const stream = createWriteStream(temp, { ...options, flags: 'wx' });
  let failed: unknown = null;
  stream.on('error', (error) => {
    failed ??= error;
  });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw openFailure(temp, error);
  }
  return { stream, failure: () => failed };
}
