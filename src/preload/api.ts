import { commandChannels, eventChannels, type Api } from '../shared/ipc/registry';

/** The slice of ipcRenderer the API needs; lets tests check the exposed surface without Electron. */
export type IpcRendererLike = {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
};

/**
 * Builds `window.api` from the contract registry: one method per command plus `on` for registry events.
 * Nothing else of ipcRenderer leaks to the page.
 */
export function buildApi(ipc: IpcRendererLike): Api {
  const api: Record<string, unknown> = {};
  for (const [name, channel] of commandChannels) {
    api[name] = (input?: unknown) => ipc.invoke(channel, input);
  }
  const eventsByName = new Map<string, string>(eventChannels);
  api.on = (name: string, listener: (payload: unknown) => void) => {
    const channel = eventsByName.get(name);
    if (!channel) throw new Error(`Unknown event: ${name}`);
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, wrapped);
    return () => {
      ipc.removeListener(channel, wrapped);
    };
  };
  return Object.freeze(api) as Api;
}
