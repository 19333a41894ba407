import { PRODUCTION_CONFIRMATION, type GuardedChange } from '../../../shared/settings/profile-guard';
import { ConfirmDialog } from '../../components/ui';

const shown = (v: GuardedChange['from']) => (v === null || v === '' ? '(empty)' : String(v));

/**
 * Asks for PRODUCTION typed before a save that redirects Production payouts (its base URL, or a path while
 * Production is the environment). Main refuses such a save without the confirmation anyway; this is where a
 * person reads what is about to change.
 */
export function ProductionChangeDialog(props: {
  changes: GuardedChange[];
  busy?: boolean;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      title="Change where Production payouts go?"
      confirmLabel={props.confirmLabel}
      tone="danger"
      typeToConfirm={PRODUCTION_CONFIRMATION}
      busy={props.busy}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>
        These settings decide where <strong>real money</strong> is sent from. The change is recorded in the audit log.
      </p>
      <ul data-testid="production-changes">
        {props.changes.map((c) => (
          <li key={c.key}>
            <code>{c.key}</code>: {shown(c.from)} → <strong>{shown(c.to)}</strong>
          </li>
        ))}
      </ul>
    </ConfirmDialog>
  );
}
