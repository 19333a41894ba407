import type { Bridge } from './bridge-server';

/** Calls a main-process command over the bridge as the page would (same origin), for test set-up. */
export async function ipc<T = unknown>(bridge: Bridge, channel: string, input?: unknown): Promise<T> {
  const res = await fetch(`${bridge.url}/__ipc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: bridge.url },
    body: JSON.stringify({ input }),
  });
  const envelope = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.message}`);
  return envelope.value as T;
}
