import { useState } from 'react';
import { call, errorMessage } from '../api/client';
import { Alert } from './ui';

/**
 * "Saved to <path>" after main wrote a file where the user chose, with a way to show it in its folder
 * (main only reveals files it saved this session).
 */
export function SavedFile(props: { path: string; detail?: string }) {
  const [error, setError] = useState<string | null>(null);
  const reveal = async () => {
    setError(null);
    try {
      await call('revealFile', { path: props.path });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Alert tone="success">
      <span data-testid="saved-file">
        {props.detail ? `${props.detail} ` : ''}Saved to <code>{props.path}</code>
      </span>{' '}
      <button className="link" type="button" onClick={() => void reveal()}>
        Show in folder
      </button>
      {error && <span className="muted"> ({error})</span>}
    </Alert>
  );
}
