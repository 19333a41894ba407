import { suggestNameCleanup } from '../../../shared/rules/name';

/** The one-click fix for an invalid name: shows exactly what it would change before the user applies it. */
export function NameCleanup(props: { name: string; onApply: (cleaned: string) => void }) {
  const suggestion = suggestNameCleanup(props.name);
  if (!suggestion || suggestion.cleaned === props.name) return null;
  return (
    <div className="cleanup" data-testid="name-cleanup">
      <span>
        Clean up the name: “{props.name}” → “<b>{suggestion.cleaned}</b>” ({suggestion.changes.join(', ')})
      </span>
      <button className="btn btn-small" type="button" onClick={() => props.onApply(suggestion.cleaned)}>
        Apply
      </button>
    </div>
  );
}
