import { useEffect, useRef, useState } from 'react';
import type { Issue, FileIssue } from '../../../shared/domain/issue';
import type { SheetKind } from '../../../shared/domain/payout';
import type { ColumnMapping, ParseProgress, SheetSummary } from '../../../shared/sheet/ui';
import type { Settings } from '../../../shared/settings/settings';
import { call, errorMessage } from '../../api/client';
import { Alert, Card, Spinner } from '../../components/ui';
import { createSheetClient, type SheetClient } from '../../workers/sheet-client';
import type { ParsedInfo } from '../../workers/sheet-protocol';
import { DropZone } from './drop-zone';
import { FooterCheckNote } from './footer-check';
import { ImportToolbar } from './import-toolbar';
import { MappingPanel } from './mapping-panel';
import { NameCleanup } from './name-cleanup';
import { PreviewGrid, type GridFilter } from './preview-grid';
import { StagePanel } from './stage-panel';
import { SummaryBar } from './summary-bar';
import { applyCellPatches } from '../../../shared/sheet/cell-patches';
import { base64ToBytes } from './draft-bytes';
import { SavedImportNote } from './saved-import-note';
import { useSavedImport, type SavedDraft } from './use-saved-import';
import { ProgressBar } from '../../components/progress-bar';
import { useVerdicts } from './use-verdicts';
import { VerdictFilter } from './verdict-filter';
import { VerifyPanel } from './verify-panel';

type Loaded = {
  info: ParsedInfo;
  kind: SheetKind;
  mapping: ColumnMapping;
  remembered: boolean;
  rows: string[][];
  issuesByIndex: Record<number, Issue[]>;
  summary: SheetSummary | null;
  fileError: FileIssue | null;
};

/** Import: drop a sheet → mapping → validated preview (edit, filter, error report) → stage in main. */
export function ImportScreen(props: { settings: Settings; onSettings: (s: Settings) => void }) {
  const client = useRef<SheetClient | null>(null);
  const [progress, setProgress] = useState<{ fileName: string; p: ParseProgress | null } | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [fileError, setFileError] = useState<FileIssue | string | null>(null);
  const [filter, setFilter] = useState<GridFilter>('all');
  const [selected, setSelected] = useState<number | null>(null);
  const [jumpTo, setJumpTo] = useState<{ index: number; seq: number } | null>(null);
  const [validating, setValidating] = useState(false);
  const saved = useSavedImport();
  const verify = useVerdicts();

  useEffect(() => {
    client.current = createSheetClient();
    return () => client.current?.terminate();
  }, []);

  // Reopens the saved import (issue 17 point 8) from the bytes main kept, unless the user already opened a file.
  useEffect(() => {
    if (!saved.pending?.file || loaded || progress) return;
    const d = saved.claimPending();
    if (d?.file) saved.whileRestoring(openFile(new File([base64ToBytes(d.file)], d.fileName), d));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved.pending]);

  const validate = async (base: Loaded, kind: SheetKind, mapping: ColumnMapping) => {
    setValidating(true);
    try {
      const reply = await client.current!.request({
        type: 'validate',
        kind,
        mapping,
        modeLimits: props.settings.apiProfile.modeLimits,
      });
      if (reply.type !== 'validated') return;
      setLoaded({
        ...base,
        kind,
        mapping,
        issuesByIndex: reply.info.issuesByIndex,
        summary: reply.info.summary,
        fileError: reply.info.fileError,
      });
    } catch (e) {
      setFileError(errorMessage(e));
    } finally {
      setValidating(false);
    }
  };

  const openFile = async (file: File, reopen?: SavedDraft) => {
    setLoaded(null);
    setFileError(null);
    setSelected(null);
    setFilter('all');
    verify.reset();
    setProgress({ fileName: file.name, p: null });
    try {
      const bytes = await file.arrayBuffer();
      const reply = await client.current!.request({ type: 'parse', bytes, fileName: file.name }, (p) =>
        setProgress({ fileName: file.name, p }),
      );
      if (reply.type === 'file-error') {
        setFileError(reply.error);
        return;
      }
      if (reply.type !== 'parsed') return;
      const info = reply.info;
      // The saved import of these very bytes: its fixes are replayed before the one validation, O(patches).
      const replay = reopen?.sha256 === info.sha256 ? reopen : saved.replayFor(info.sha256);
      if (replay) {
        await client.current!.request({ type: 'apply-patches', patches: replay.patches });
        applyCellPatches(info, replay.patches);
      }
      const memory = props.settings.ui.mappings[info.layoutKey];
      const kind = replay?.kind ?? memory?.kind ?? info.detectedKind;
      const mapping =
        (replay?.mapping as ColumnMapping | undefined) ??
        (memory?.mapping as ColumnMapping | undefined) ??
        info.suggested[kind];
      const base: Loaded = {
        info,
        kind,
        mapping,
        remembered: Boolean(memory),
        rows: info.rows,
        issuesByIndex: {},
        summary: null,
        fileError: null,
      };
      setLoaded(base);
      await validate(base, kind, mapping);
      saved.start(
        { kind, fileName: info.fileName, sha256: info.sha256, mapping },
        replay ? null : file,
        replay ?? undefined,
      );
    } catch (e) {
      setFileError(errorMessage(e));
    } finally {
      setProgress(null);
    }
  };

  const changeMapping = async (kind: SheetKind, mapping: ColumnMapping) => {
    if (!loaded) return;
    // Another mapping may read another account column: verdicts of the old one no longer apply.
    verify.reset();
    await validate(loaded, kind, mapping);
    saved.mapping(kind, mapping);
    try {
      const mappings = { ...props.settings.ui.mappings, [loaded.info.layoutKey]: { kind, mapping } };
      props.onSettings(await call('updateUiPrefs', { mappings }));
    } catch {
      // Remembering the mapping is a convenience; failing to save it must not block the import.
    }
  };

  const edit = async (rowIndex: number, columnIndex: number, value: string) => {
    if (!loaded) return;
    const reply = await client.current!.request({ type: 'edit', rowIndex, columnIndex, value });
    if (reply.type !== 'edited') return;
    saved.edit(rowIndex, columnIndex, loaded.rows[rowIndex]?.[columnIndex] ?? '', reply.cell);
    setLoaded((l) => {
      if (!l) return l;
      const rows = l.rows.slice();
      rows[rowIndex] = (rows[rowIndex] ?? []).slice();
      rows[rowIndex]![columnIndex] = reply.cell;
      const issuesByIndex = { ...l.issuesByIndex };
      for (const [i, list] of Object.entries(reply.changed)) {
        if (list.length) issuesByIndex[Number(i)] = list;
        else delete issuesByIndex[Number(i)];
      }
      return { ...l, rows, issuesByIndex, summary: reply.summary };
    });
    const cells = (loaded.rows[rowIndex] ?? []).slice();
    cells[columnIndex] = reply.cell;
    const rowNumber = loaded.info.rowNumbers[rowIndex]!;
    void verify.rescore(rowNumber, cells, columnIndex, loaded.mapping, props.settings.apiProfile.modeLimits);
  };

  const nextError = () => {
    if (!loaded) return;
    const errorRows = Object.entries(loaded.issuesByIndex)
      .filter(([, list]) => list.some((i) => i.severity === 'error'))
      .map(([i]) => Number(i))
      .sort((a, b) => a - b);
    const next = errorRows.find((i) => i > (selected ?? -1)) ?? errorRows[0];
    if (next === undefined) return;
    if (filter === 'warnings') setFilter('all');
    setSelected(next);
    setJumpTo({ index: next, seq: Date.now() });
  };

  const selectedIssues = selected !== null ? (loaded?.issuesByIndex[selected] ?? []) : [];
  return (
    <div className="stack">
      <DropZone onFile={(f) => void saved.afterRestore(() => openFile(f))} busy={progress !== null} />
      <SavedImportNote
        restored={saved.restored}
        saveError={saved.saveError}
        onDiscard={() => {
          saved.discard();
          setLoaded(null);
          setSelected(null);
        }}
      />
      {progress && (
        <Card>
          <Spinner
            label={`Reading ${progress.fileName}… ${progress.p ? `${Math.round(progress.p.fraction * 100)} %` : ''}`}
          />
          <ProgressBar label="Reading progress" percent={(progress.p?.fraction ?? 0) * 100} />
        </Card>
      )}
      {fileError && (
        <Alert tone="error" title="This file cannot be imported:">
          {typeof fileError === 'string' ? fileError : fileError.message}
          {typeof fileError !== 'string' && fileError.columnsFound && (
            <> Columns found: {fileError.columnsFound.join(', ') || 'none'}.</>
          )}
        </Alert>
      )}
      {loaded && (
        <>
          <Alert tone="info">
            <span data-testid="file-info">
              {loaded.info.fileName}
              {loaded.info.sheetName ? ` — sheet "${loaded.info.sheetName}"` : ''} · {loaded.info.rows.length} data rows
            </span>
            {loaded.info.notes.map((n) => (
              <span key={n}> · {n}</span>
            ))}
          </Alert>
          <MappingPanel
            headers={loaded.info.headers}
            kind={loaded.kind}
            mapping={loaded.mapping}
            remembered={loaded.remembered}
            onKind={(kind) => void changeMapping(kind, loaded.info.suggested[kind])}
            onMapping={(mapping) => void changeMapping(loaded.kind, mapping)}
          />
          {loaded.fileError && <Alert tone="error">{loaded.fileError.message}</Alert>}
          {validating && <Spinner label="Checking every row…" />}
          {loaded.summary && !loaded.fileError && (
            <>
              <SummaryBar summary={loaded.summary} kind={loaded.kind} verdicts={verify.counts} />
              <FooterCheckNote check={loaded.summary.footer} />
              {loaded.kind === 'payouts' && (
                <VerifyPanel
                  key={`${loaded.info.sha256}:${JSON.stringify(loaded.mapping)}`}
                  client={client.current!}
                  summary={loaded.summary}
                  mapping={loaded.mapping}
                  issuesByIndex={loaded.issuesByIndex}
                  modeLimits={props.settings.apiProfile.modeLimits}
                  onResults={verify.add}
                />
              )}
              <ImportToolbar
                client={client.current!}
                fileName={loaded.info.fileName}
                filter={filter}
                onFilter={setFilter}
                onNextError={nextError}
              >
                {verify.counts && (
                  <VerdictFilter value={verify.filter} counts={verify.counts} onChange={verify.setFilter} />
                )}
              </ImportToolbar>
              <PreviewGrid
                headers={loaded.info.headers}
                rows={loaded.rows}
                rowNumbers={loaded.info.rowNumbers}
                mapping={loaded.mapping}
                issuesByIndex={loaded.issuesByIndex}
                filter={filter}
                jumpTo={jumpTo}
                selected={selected}
                onSelect={setSelected}
                onEdit={(r, c, v) => void edit(r, c, v)}
                verdicts={verify.verdicts}
                verdictFilter={verify.filter}
              />
              {verify.rescoreError && <Alert tone="error">{verify.rescoreError}</Alert>}
              {selectedIssues.length > 0 && (
                <Card title={`Row ${loaded.info.rowNumbers[selected!]}`}>
                  {selectedIssues.some((i) => i.code === 'name_invalid') && loaded.mapping.name !== undefined && (
                    <NameCleanup
                      name={loaded.rows[selected!]?.[loaded.mapping.name] ?? ''}
                      onApply={(cleaned) => void edit(selected!, loaded.mapping.name!, cleaned)}
                    />
                  )}
                  <ul className="issue-list" data-testid="row-issues">
                    {selectedIssues.map((i, n) => (
                      <li key={n} className={i.severity}>
                        <b>{i.column}</b>: {i.message}
                      </li>
                    ))}
                  </ul>
                </Card>
              )}
              <StagePanel
                client={client.current!}
                loaded={loaded}
                summary={loaded.summary}
                selected={selected}
                mismatches={verify.counts?.mismatch}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}
