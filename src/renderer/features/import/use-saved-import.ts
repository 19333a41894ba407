import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { SheetKind } from '../../../shared/domain/payout';
import { MAX_DRAFT_FILE_BYTES, MAX_PATCHES_PER_SAVE } from '../../../shared/ipc/contracts/imports';
import { patchKey, recordEdit, type CellPatch } from '../../../shared/sheet/cell-patches';
import type { ColumnMapping } from '../../../shared/sheet/ui';
import { call, errorMessage } from '../../api/client';
import { useCommandQuery } from '../../api/queries';
import type { CommandOutput } from '../../api/query-keys';
import { blobToBase64 } from './draft-bytes';

export type SavedDraft = NonNullable<CommandOutput<'getDraft'>>;
type Tracked = { kind: SheetKind; fileName: string; sha256: string; mapping: ColumnMapping };

/**
 * The import in progress, kept in main (issue 17 point 8): the file once, then each fix as one cell patch, so
 * leaving the screen, a reload or a restart reopens it. Saves are queued in order and never block the screen;
 * a failed save is shown, not thrown.
 */
export function useSavedImport() {
  // Re-read on every mount (and not cached afterwards): the saved patches change with every edit.
  const query = useCommandQuery('getDraft', undefined, { gcTime: 0, staleTime: 0, refetchOnMount: 'always' });
  const tracked = useRef<Tracked | null>(null);
  const patches = useRef(new Map<string, CellPatch>());
  const consumed = useRef(false);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const restoring = useRef<Promise<unknown>>(Promise.resolve());
  const [restored, setRestored] = useState<{ fileName: string; fixes: number } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const client = useQueryClient();

  // Staged (by the stage panel's mutation): main deleted the draft with it, so later edits are not saved again.
  useEffect(
    () =>
      client.getMutationCache().subscribe((event) => {
        const m = event.mutation;
        if (event.type !== 'updated' || m?.state.status !== 'success' || m.options.mutationKey?.[0] !== 'stageImport')
          return;
        const staged = m.state.variables as { sha256?: string; kind?: string } | undefined;
        const t = tracked.current;
        if (t && staged?.sha256 === t.sha256 && staged.kind === t.kind) {
          tracked.current = null;
          patches.current.clear();
        }
      }),
    [client],
  );

  const enqueue = (work: () => Promise<unknown>) => {
    queue.current = queue.current.then(async () => {
      try {
        await work();
        setSaveError(null);
      } catch (e) {
        setSaveError(errorMessage(e));
      }
    });
  };
  const send = (list: CellPatch[], file?: Blob) => {
    const t = tracked.current;
    if (!t) return;
    enqueue(async () => {
      const encoded = file ? await blobToBase64(file) : undefined;
      await call('saveDraft', { ...t, patches: list, ...(encoded !== undefined ? { file: encoded } : {}) });
    });
  };

  return {
    /** The saved import to reopen at mount (once), when nothing else was opened first. */
    pending: consumed.current ? null : (query.data ?? null),
    loading: query.isPending,
    restored,
    saveError,
    /** Marks the reopening in flight, so a file dropped meanwhile waits for it (the worker holds one sheet). */
    whileRestoring(p: Promise<unknown>) {
      restoring.current = p.catch(() => undefined);
    },
    afterRestore(open: () => Promise<unknown>) {
      return restoring.current.then(open);
    },
    /** Takes the saved import to reopen, once (a second effect run, e.g. StrictMode's, gets null). */
    claimPending(): SavedDraft | null {
      const d = consumed.current ? null : (query.data ?? null);
      if (d) consumed.current = true;
      return d;
    },
    /** The saved fixes to replay on a freshly parsed file, when it is the saved one (same bytes). */
    replayFor(sha256: string): SavedDraft | null {
      const d = consumed.current ? null : query.data;
      consumed.current = true;
      return d && d.sha256 === sha256 ? d : null;
    },
    /** Starts keeping a newly opened file (with its bytes), or resumes a replayed one. */
    start(t: Tracked, file: Blob | null, replayed?: SavedDraft) {
      tracked.current = t;
      patches.current = new Map((replayed?.patches ?? []).map((p) => [patchKey(p), p]));
      setRestored(replayed ? { fileName: replayed.fileName, fixes: replayed.patches.length } : null);
      if (replayed) return;
      if (file && file.size > MAX_DRAFT_FILE_BYTES) {
        tracked.current = null;
        setSaveError('This sheet is too large to keep while you work: fixes are not saved if you leave.');
        return;
      }
      send([], file ?? undefined);
    },
    edit(row: number, col: number, before: string, value: string) {
      if (before === value) return;
      send([recordEdit(patches.current, row, col, before, value)]);
    },
    mapping(kind: SheetKind, mapping: ColumnMapping) {
      const t = tracked.current;
      if (!t) return;
      tracked.current = { ...t, kind, mapping };
      if (kind === t.kind) return send([]);
      // One draft per kind: the fixes move to the new kind's draft (the kept file is shared by hash).
      const all = [...patches.current.values()];
      for (let i = 0; i === 0 || i < all.length; i += MAX_PATCHES_PER_SAVE) {
        send(all.slice(i, i + MAX_PATCHES_PER_SAVE));
      }
      enqueue(() => call('discardDraft', { kind: t.kind }));
    },
    /** Drops the saved import (the user chose to start over). */
    discard() {
      const t = tracked.current;
      tracked.current = null;
      patches.current.clear();
      setRestored(null);
      if (t) enqueue(() => call('discardDraft', { kind: t.kind }));
    },
  };
}
