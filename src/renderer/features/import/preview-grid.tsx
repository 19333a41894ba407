import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Issue } from '../../../shared/domain/issue';
import { columnLabel, type ColumnMapping, type FieldKey } from '../../../shared/sheet/ui';
import { rowsWithVerdict, VERDICT_COLUMNS, VerdictCells, VerdictHeads } from './verdict-cells';
import type { VerdictFilterValue } from './verdict-filter';
import type { VerdictMap } from './verify-rows';

export type GridFilter = 'all' | 'errors' | 'warnings';

const ROW_HEIGHT = 32;
/** A hostile sheet may have thousands of columns; the grid shows the first ones and says so. */
const MAX_GRID_COLUMNS = 60;

function severityOf(issues: Issue[] | undefined): 'error' | 'warning' | null {
  if (!issues?.length) return null;
  return issues.some((i) => i.severity === 'error') ? 'error' : 'warning';
}

/**
 * The preview: a virtualised grid (only visible rows are in the DOM, so 100,000+ rows scroll smoothly), rows
 * coloured by their worst issue, cells with an issue outlined; double-click a cell to edit it.
 */
export function PreviewGrid(props: {
  headers: string[];
  rows: string[][];
  rowNumbers: number[];
  mapping: ColumnMapping;
  issuesByIndex: Record<number, Issue[]>;
  filter: GridFilter;
  jumpTo: { index: number; seq: number } | null;
  onEdit: (rowIndex: number, columnIndex: number, value: string) => void;
  onSelect: (rowIndex: number) => void;
  selected: number | null;
  /** Payee verification results by sheet row number: once there are any, Verdict and Bank name columns show. */
  verdicts?: VerdictMap;
  verdictFilter?: VerdictFilterValue;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState<{ row: number; col: number; value: string } | null>(null);
  const columns = props.headers.slice(0, MAX_GRID_COLUMNS);
  const columnOfField = useMemo(() => {
    const m = new Map<string, number>();
    for (const [field, col] of Object.entries(props.mapping) as [FieldKey, number][]) m.set(field, col);
    return m;
  }, [props.mapping]);

  const byIssue = useMemo(() => {
    if (props.filter === 'all') return Array.from({ length: props.rows.length }, (_, i) => i);
    // Only rows with an issue can match, so a filter walks those, not every row of a million-row sheet. Integer
    // keys come back in ascending order, so the filtered rows keep the sheet's order.
    const out: number[] = [];
    for (const [key, issues] of Object.entries(props.issuesByIndex)) {
      const i = Number(key);
      const sev = severityOf(issues);
      if (i < props.rows.length && (props.filter === 'errors' ? sev === 'error' : sev === 'warning')) out.push(i);
    }
    return out;
  }, [props.rows, props.issuesByIndex, props.filter]);
  const verdictFilter = props.verdictFilter ?? 'any';
  const visible = useMemo(
    () =>
      verdictFilter === 'any' || !props.verdicts
        ? byIssue
        : rowsWithVerdict(props.verdicts, verdictFilter, props.rowNumbers, byIssue),
    [byIssue, props.verdicts, verdictFilter, props.rowNumbers],
  );
  const showVerdicts = (props.verdicts?.size ?? 0) > 0;

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (!props.jumpTo) return;
    // Unfiltered, a row's position is its index: no search through a million positions.
    const pos =
      props.filter === 'all' && verdictFilter === 'any' ? props.jumpTo.index : visible.indexOf(props.jumpTo.index);
    if (pos >= 0) virtualizer.scrollToIndex(pos, { align: 'center' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.jumpTo]);

  // Fixed widths: each row is its own grid, so content-sized columns would not line up.
  const template = `64px 84px ${showVerdicts ? `${VERDICT_COLUMNS} ` : ''}repeat(${columns.length}, 150px)`;
  const commit = () => {
    if (editing) props.onEdit(editing.row, editing.col, editing.value);
    setEditing(null);
  };

  return (
    <div className="grid" role="grid" aria-rowcount={visible.length} data-testid="grid">
      {props.headers.length > MAX_GRID_COLUMNS && (
        <p className="muted">
          Showing the first {MAX_GRID_COLUMNS} of {props.headers.length} columns.
        </p>
      )}
      {/* Focusable so keyboard users can scroll the sheet with the arrow keys; a rowgroup keeps the grid valid. */}
      <div className="grid-scroll" ref={scroller} tabIndex={0} role="rowgroup">
        <div className="grid-row grid-head" style={{ gridTemplateColumns: template }} role="row">
          <div role="columnheader">Row</div>
          <div role="columnheader">Status</div>
          {showVerdicts && <VerdictHeads />}
          {columns.map((_, c) => (
            <div key={c} role="columnheader" title={columnLabel(props.headers, c)}>
              {columnLabel(props.headers, c)}
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const index = visible[item.index] as number;
            const issues = props.issuesByIndex[index];
            const sev = severityOf(issues);
            const cells = props.rows[index] ?? [];
            const badCols = new Map<number, Issue>();
            for (const issue of issues ?? []) {
              const col = issue.field ? columnOfField.get(issue.field) : undefined;
              if (col !== undefined && (!badCols.has(col) || issue.severity === 'error')) badCols.set(col, issue);
            }
            return (
              <div
                key={index}
                role="row"
                data-row={props.rowNumbers[index]}
                className={`grid-row ${sev ? `row-${sev}` : ''} ${props.selected === index ? 'row-selected' : ''}`}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => props.onSelect(index)}
              >
                <div role="rowheader" className="muted">
                  {props.rowNumbers[index]}
                </div>
                <div className={`status status-${sev ?? 'ok'}`}>
                  {sev === 'error' ? 'Error' : sev === 'warning' ? 'Warning' : 'OK'}
                </div>
                {showVerdicts && <VerdictCells result={props.verdicts!.get(props.rowNumbers[index] as number)} />}
                {columns.map((_, c) => {
                  const bad = badCols.get(c);
                  const isEditing = editing?.row === index && editing.col === c;
                  return (
                    <div
                      key={c}
                      role="gridcell"
                      className={bad ? `cell-${bad.severity}` : ''}
                      title={bad?.message}
                      onDoubleClick={() => setEditing({ row: index, col: c, value: cells[c] ?? '' })}
                    >
                      {isEditing ? (
                        <input
                          autoFocus
                          aria-label={`Edit row ${props.rowNumbers[index]} ${columnLabel(props.headers, c)}`}
                          value={editing.value}
                          onChange={(e) => setEditing({ ...editing, value: e.target.value })}
                          onBlur={commit}
                          onKeyDown={(e) => {
                            if (e.key === 'Enter') commit();
                            if (e.key === 'Escape') setEditing(null);
                          }}
                        />
                      ) : (
                        cells[c]
                      )}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
