import type { FooterCheck } from '../../../shared/sheet/ui';
import { Alert } from '../../components/ui';

/**
 * The sheet's own "Total" row against the rows' sum. A mismatch is a warning, not a block: the register may be
 * wrong, or a row went missing — the accountant decides. A match is a quiet line, so it reads as reassurance.
 */
export function FooterCheckNote(props: { check: FooterCheck | undefined }) {
  const check = props.check;
  if (!check) return null;
  if (check.differencePaise === 0) {
    return (
      <p className="muted" data-testid="footer-check">
        ✓ {check.message}
      </p>
    );
  }
  return (
    <Alert tone="warning" title="Check the total:">
      <span data-testid="footer-check">{check.message}</span>
    </Alert>
  );
}
