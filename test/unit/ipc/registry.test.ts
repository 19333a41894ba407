import { describe, expect, it, vi } from 'vitest';
import { buildApi, type IpcRendererLike } from '../../../src/preload/api';
import { commandChannels, commands, eventChannels } from '../../../src/shared/ipc/registry';

function fakeIpc() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, input) => {
      invoked.push([channel, input]);
      return { ok: true, value: null };
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  return { ipc, invoked, listeners };
}

describe('contract registry', () => {
  it('has unique, well-formed channels', () => {
    const channels = commandChannels.map(([, c]) => c);
    expect(new Set(channels).size).toBe(channels.length);
    for (const c of [...channels, ...eventChannels.map(([, c]) => c)]) expect(c).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });
});

describe('preload api', () => {
  it('exposes exactly the registry commands plus `on`, and nothing of ipcRenderer', () => {
    const { ipc } = fakeIpc();
    const api = buildApi(ipc) as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(commands), 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(api.invoke).toBeUndefined();
    expect(api.send).toBeUndefined();
  });

  it('sends each method on its own channel with the input unchanged', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildApi(ipc);
    await api.getCredentialStatus({ environment: 'uat' });
    await api.getSettings();
    expect(invoked).toEqual([
      ['credentials:get-status', { environment: 'uat' }],
      ['settings:get-settings', undefined],
    ]);
  });

  it('subscribes only to registry events and unsubscribes cleanly', () => {
    const { ipc, listeners } = fakeIpc();
    const api = buildApi(ipc);
    const seen: unknown[] = [];
    const off = api.on('settingsChanged', (p) => seen.push(p));
    listeners.get('app:settings-changed')?.forEach((l) => l({}, { environment: 'uat' }));
    expect(seen).toEqual([{ environment: 'uat' }]);
    off();
    expect(listeners.get('app:settings-changed')?.size).toBe(0);
    expect(() => (api.on as (n: string, l: () => void) => void)('not-an-event', () => undefined)).toThrow(
      /Unknown event/,
    );
  });

  it('the preload entry exposes one object named `api` through contextBridge', async () => {
    const exposed: [string, unknown][] = [];
    vi.resetModules();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]) },
      ipcRenderer: fakeIpc().ipc,
    }));
    await import('../../../src/preload/index');
    vi.doUnmock('electron');
    expect(exposed.map(([k]) => k)).toEqual(['api']);
    expect(Object.keys(exposed[0]?.[1] as object)).toContain('getSettings');
  });
});
