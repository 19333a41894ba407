import { Card } from '../../components/ui';

/** Honest placeholder for a screen whose capability has not been built yet: no fake data. */
export function NotBuilt(props: { title: string; what: string }) {
  return (
    <Card title={props.title}>
      <p className="muted" data-testid="not-built">
        Not available yet: {props.what} This version of Payout Desk does not include it.
      </p>
    </Card>
  );
}
