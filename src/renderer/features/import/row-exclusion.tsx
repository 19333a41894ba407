import type { Issue } from '../../../shared/domain/issue';
import { Card } from '../../components/ui';

/** Rows the user left out in the preview, by sheet row number (issue 17 point 2). */
export type LeftOutRows = ReadonlySet<number>;

const hasError = (issues: Issue[] | undefined) => Boolean(issues?.some((i) => i.severity === 'error'));

/** How many of the left-out rows would otherwise have been staged (rows with an error are out anyway). */
export function leftOutValidCount(
  leftOut: LeftOutRows,
  rowNumbers: readonly number[],
  issuesByIndex: Record<number, Issue[]>,
): number {
  let n = 0;
  rowNumbers.forEach((row, i) => {
    if (leftOut.has(row) && !hasError(issuesByIndex[i])) n++;
  });
  return n;
}

/**
 * Leave a row of the preview out of the batch, or put it back: the selected row gets the button, and every
 * left-out row is listed with its own. Nothing leaves the screen until "Continue" hands the other rows to main.
 */
export function RowExclusion(props: {
  selectedRow: number | null;
  leftOut: LeftOutRows;
  onChange: (next: Set<number>) => void;
}) {
  const { selectedRow, leftOut } = props;
  const toggle = (row: number) => {
    const next = new Set(leftOut);
    if (next.has(row)) next.delete(row);
    else next.add(row);
    props.onChange(next);
  };
  if (selectedRow === null && leftOut.size === 0) return null;
  const listed = [...leftOut].sort((a, b) => a - b);
  return (
    <Card title="Leave rows out">
      <div data-testid="row-exclusion" className="stack">
        {selectedRow !== null && (
          <button className="btn" type="button" onClick={() => toggle(selectedRow)}>
            {leftOut.has(selectedRow) ? `Put row ${selectedRow} back` : `Leave row ${selectedRow} out of the batch`}
          </button>
        )}
        {listed.length > 0 && (
          <ul className="links">
            {listed.map((row) => (
              <li key={row}>
                Row {row} is left out and will not be paid.{' '}
                <button className="btn btn-small" type="button" onClick={() => toggle(row)}>
                  Include row {row}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
