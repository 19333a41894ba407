/// <reference lib="webworker" />
import type { Issue } from '../../shared/domain/issue';
import type { SheetKind } from '../../shared/domain/payout';
import {
  buildErrorReport,
  createValidation,
  detectSheetKind,
  headerLayoutKey,
  mappedRowsOf,
  mappingLabels,
  parseSheetBytes,
  revalidateRow,
  rowIssues,
  suggestMapping,
  tableCell,
  tableRows,
  validatedRowCount,
  validationResult,
  type ParsedSheet,
  type ValidationState,
} from '../../shared/sheet/index';
import { applyCellPatches } from '../../shared/sheet/cell-patches';
import type { WorkerReply, WorkerRequest } from './sheet-protocol';

// Parsing and validating 100,000+ rows happens here, off the UI thread; the worker keeps the sheet and the
// validation state so a cell edit re-checks only what it affects.
let parsed: ParsedSheet | null = null;
let state: ValidationState | null = null;

const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

function issuesByIndex(s: ValidationState, indices?: number[]): Record<number, Issue[]> {
  const out: Record<number, Issue[]> = {};
  const list = indices ?? Array.from({ length: validatedRowCount(s) }, (_, i) => i);
  for (const i of list) {
    const issues = rowIssues(s, i);
    if (issues.length || indices) out[i] = issues;
  }
  return out;
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'parse': {
      state = null;
      const sha256 = await sha256Hex(req.bytes);
      const outcome = await parseSheetBytes(req.bytes, req.fileName, {
        onProgress: (progress) => post({ id: req.id, type: 'progress', progress }),
      });
      if (!outcome.ok) {
        parsed = null;
        post({ id: req.id, type: 'file-error', error: outcome.error });
        return;
      }
      parsed = outcome.sheet;
      const kinds: SheetKind[] = ['payouts', 'beneficiaries'];
      post({
        id: req.id,
        type: 'parsed',
        info: {
          fileName: parsed.fileName,
          format: parsed.kind,
          sheetName: parsed.sheetName,
          headers: parsed.headers,
          rows: parsed.rows,
          rowNumbers: parsed.rowNumbers,
          notes: parsed.notes,
          detectedKind: detectSheetKind(parsed.headers),
          suggested: Object.fromEntries(kinds.map((k) => [k, suggestMapping(parsed!.headers, k)])) as Record<
            SheetKind,
            ReturnType<typeof suggestMapping>
          >,
          layoutKey: headerLayoutKey(parsed.headers),
          sha256,
        },
      });
      return;
    }
    case 'validate': {
      if (!parsed) throw new Error('No sheet is loaded');
      state = createValidation(parsed, req.mapping, req.kind, { modeLimits: req.modeLimits });
      const result = validationResult(state);
      post({
        id: req.id,
        type: 'validated',
        info: { fileError: result.fileError, summary: result.summary, issuesByIndex: issuesByIndex(state) },
      });
      return;
    }
    case 'edit': {
      if (!state || !parsed) throw new Error('No sheet is loaded');
      const { changedRows } = revalidateRow(state, req.rowIndex, req.columnIndex, req.value);
      post({
        id: req.id,
        type: 'edited',
        changed: issuesByIndex(state, [req.rowIndex, ...changedRows]),
        summary: validationResult(state).summary,
        cell: tableCell(parsed.table, req.rowIndex, req.columnIndex),
      });
      return;
    }
    case 'apply-patches': {
      if (!parsed) throw new Error('No sheet is loaded');
      // Before validation: the caller validates once afterwards, so the replay costs O(patches).
      state = null;
      post({ id: req.id, type: 'patches-applied', replay: applyCellPatches(parsed, req.patches) });
      return;
    }
    case 'rows': {
      // The grid's visible rows, read from the compact table on demand (a million-row sheet is never copied whole).
      if (!parsed) throw new Error('No sheet is loaded');
      const start = Math.max(0, req.start);
      post({
        id: req.id,
        type: 'rows',
        start,
        rows: tableRows(parsed.table, start, start + Math.min(req.count, 5000)),
      });
      return;
    }
    case 'error-report': {
      if (!state || !parsed) throw new Error('No sheet is loaded');
      post({ id: req.id, type: 'error-report', table: buildErrorReport(parsed, validationResult(state).issues) });
      return;
    }
    case 'mapped-rows': {
      if (!state || !parsed || !state.mapping) throw new Error('No sheet is loaded');
      post({
        id: req.id,
        type: 'mapped-rows',
        rows: mappedRowsOf(state),
        labels: mappingLabels(parsed.headers, state.mapping) as Record<string, string>,
      });
    }
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  handle(event.data).catch((error: unknown) =>
    post({ id: event.data.id, type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
};
