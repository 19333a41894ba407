import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../shared/domain/errors';
import type { SheetKind } from '../../shared/domain/payout';
import { MAX_DRAFT_FILE_BYTES, type importContracts } from '../../shared/ipc/contracts/imports';
import type { MainContext } from '../context';
import {
  countPatchesOps,
  deleteDraftOps,
  fileInUseOps,
  findDraftOps,
  latestDraftOps,
  listPatchesOps,
  putDraftOps,
  putPatchesOps,
} from '../db/repos/import-drafts-repo';
import { transaction } from '../db/store/ops';

type Contracts = typeof importContracts;
export type SaveDraftInput = z.output<Contracts['saveDraft']['input']>;
export type ImportDraft = z.output<Contracts['getDraft']['output']>;

/** Far more fixes than anyone types by hand, small enough that a replay stays instant. */
export const MAX_PATCHES_PER_DRAFT = 200_000;

/**
 * Where a saved import's original bytes wait (issue 17 point 8): a private folder (0700, files 0600) in the app's
 * data folder, one file per sha256, deleted when no draft refers to it. Kept so a reload or restart reopens the
 * import with nothing to re-select — the file holds account numbers, so it is not left anywhere shared.
 */
function draftsDir(ctx: MainContext): string {
  const dir = join(ctx.dataDir, 'import-drafts');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

const filePath = (ctx: MainContext, sha256: string) => join(draftsDir(ctx), `${sha256}.sheet`);

async function dropFileIfUnused(ctx: MainContext, sha256: string): Promise<void> {
  if (!(await ctx.store.run(fileInUseOps(sha256)))) rmSync(filePath(ctx, sha256), { force: true });
}

/** Checks and writes the bytes; returns whether this call created the file (to undo it if the save fails). */
function keepFile(ctx: MainContext, input: SaveDraftInput): boolean {
  const path = filePath(ctx, input.sha256);
  if (existsSync(path)) return false;
  if (input.file === undefined) {
    throw new AppError('invalid_input', 'The sheet itself must come with the first save of an import in progress.');
  }
  const bytes = Buffer.from(input.file, 'base64');
  if (bytes.length > MAX_DRAFT_FILE_BYTES) throw new AppError('invalid_input', 'The sheet is too large to keep.');
  // The hash is the draft's identity: bytes that do not match it would replay fixes onto another sheet.
  if (createHash('sha256').update(bytes).digest('hex') !== input.sha256) {
    throw new AppError('invalid_input', 'The sheet does not match its fingerprint; nothing was saved.');
  }
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes, { mode: 0o600 });
  renameSync(temp, path);
  return true;
}

/** Saves the import in progress for the current environment: all or nothing. */
export async function saveDraft(
  ctx: MainContext,
  input: SaveDraftInput,
): Promise<{ patchCount: number; fileKept: boolean }> {
  const environment = ctx.settings.get().environment;
  const before = await ctx.store.run(findDraftOps(environment, input.kind));
  const created = keepFile(ctx, input);
  const now = ctx.now().toISOString();
  try {
    const patchCount = await ctx.store.run(
      transaction(function* () {
        yield* putDraftOps({
          environment,
          kind: input.kind,
          fileName: input.fileName,
          sha256: input.sha256,
          mapping: JSON.stringify(input.mapping),
          createdAt: now,
          updatedAt: now,
        });
        yield* putPatchesOps(environment, input.kind, input.patches);
        const n = yield* countPatchesOps(environment, input.kind);
        if (n > MAX_PATCHES_PER_DRAFT) {
          throw new AppError(
            'invalid_input',
            `An import in progress keeps at most ${MAX_PATCHES_PER_DRAFT} fixed cells.`,
          );
        }
        return n;
      }),
    );
    if (before && before.sha256 !== input.sha256) await dropFileIfUnused(ctx, before.sha256);
    return { patchCount, fileKept: true };
  } catch (error) {
    if (created) await dropFileIfUnused(ctx, input.sha256);
    throw error;
  }
}

/** The latest saved import of the current environment (of `kind` when given), with its bytes when still kept. */
export async function getDraft(ctx: MainContext, kind?: SheetKind): Promise<ImportDraft> {
  const environment = ctx.settings.get().environment;
  const header = await ctx.store.run(kind ? findDraftOps(environment, kind) : latestDraftOps(environment));
  if (!header) return null;
  const path = filePath(ctx, header.sha256);
  return {
    kind: header.kind,
    fileName: header.fileName,
    sha256: header.sha256,
    mapping: JSON.parse(header.mapping) as NonNullable<ImportDraft>['mapping'],
    patches: await ctx.store.run(listPatchesOps(environment, header.kind)),
    file: existsSync(path) ? readFileSync(path).toString('base64') : null,
    updatedAt: header.updatedAt,
  };
}

/** Forgets the kind's saved import and, when no other draft shares them, its kept bytes. */
export async function discardDraft(ctx: MainContext, kind: SheetKind, onlySha256?: string): Promise<boolean> {
  const environment = ctx.settings.get().environment;
  const header = await ctx.store.run(findDraftOps(environment, kind));
  if (!header || (onlySha256 !== undefined && header.sha256 !== onlySha256)) return false;
  await ctx.store.run(deleteDraftOps(environment, kind));
  await dropFileIfUnused(ctx, header.sha256);
  ctx.log.info('import.draft-discarded', { kind });
  return true;
}
