import { Alert } from '../../components/ui';

/**
 * Says that the import was reopened from where the user left it (issue 17 point 8), with the one way out: start
 * over. A failed save is shown too, because the user relies on their fixes being kept.
 */
export function SavedImportNote(props: {
  restored: { fileName: string; fixes: number } | null;
  saveError: string | null;
  onDiscard: () => void;
}) {
  return (
    <>
      {props.restored && (
        <Alert tone="info">
          <span data-testid="saved-import">
            Reopened your unfinished import of {props.restored.fileName}
            {props.restored.fixes > 0
              ? ` with your ${props.restored.fixes} ${props.restored.fixes === 1 ? 'fix' : 'fixes'}`
              : ''}
            .{' '}
            <button className="btn" type="button" onClick={props.onDiscard}>
              Discard this import
            </button>
          </span>
        </Alert>
      )}
      {props.saveError && (
        <Alert tone="warning" title="Your fixes could not be kept:">
          {props.saveError}
        </Alert>
      )}
    </>
  );
}
