import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export function Card(props: { title?: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${props.className ?? ''}`}>
      {(props.title || props.actions) && (
        <header className="card-head">
          {props.title && <h2>{props.title}</h2>}
          {props.actions && <div className="card-actions">{props.actions}</div>}
        </header>
      )}
      {props.children}
    </section>
  );
}

export function Alert(props: { tone: 'error' | 'warning' | 'success' | 'info'; children: ReactNode; title?: string }) {
  return (
    <div className={`alert alert-${props.tone}`} role={props.tone === 'error' ? 'alert' : 'status'}>
      {props.title && <strong>{props.title} </strong>}
      {props.children}
    </div>
  );
}

export function Spinner(props: { label?: string }) {
  return (
    <span className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      {props.label ?? 'Loading…'}
    </span>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{props.title}</p>
      {props.children}
    </div>
  );
}

export function Field(props: {
  label: string;
  hint?: string;
  error?: string | null;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={`field ${props.error ? 'field-invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id)}
      {props.error ? (
        <p className="field-error">{props.error}</p>
      ) : (
        props.hint && <p className="field-hint">{props.hint}</p>
      )}
    </div>
  );
}

/**
 * A modal confirmation. With `typeToConfirm`, the confirm button stays disabled until the user types that
 * exact text — used before anything irreversible (Production, submitting money, deleting a payee).
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  typeToConfirm?: string;
  /** False keeps the confirm button disabled (e.g. until a required reason is typed in the body). */
  ready?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const [typed, setTyped] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal?.();
  }, []);
  const ready = (!props.typeToConfirm || typed.trim() === props.typeToConfirm) && props.ready !== false;
  return (
    <dialog ref={dialog} className="dialog" onCancel={props.onCancel} aria-label={props.title}>
      <h2>{props.title}</h2>
      <div className="dialog-body">{props.children}</div>
      {props.typeToConfirm && (
        <Field label={`Type ${props.typeToConfirm} to confirm`}>
          {(id) => (
            <input id={id} autoFocus value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          )}
        </Field>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className={`btn ${props.tone === 'danger' ? 'btn-danger' : 'btn-primary'}`}
          disabled={!ready || props.busy}
          onClick={props.onConfirm}
        >
          {props.busy ? 'Working…' : props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
