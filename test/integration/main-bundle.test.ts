import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandChannels } from '../../src/shared/ipc/registry';

// The Electron binary cannot run here, so the built main process is started in plain Node with a stub
// `electron`: this proves the bundle loads (every import resolves, the migrations ship beside it), opens the
// database, binds every IPC channel and creates one hardened window on the built renderer.
describe('built main process (out/main) under an electron stub', () => {
  it('starts, binds every registry channel and loads the renderer in a sandboxed window', () => {
    expect(existsSync('out/main/index.js'), 'run `npm run build` first').toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), 'payout-main-'));
    try {
      const result = spawnSync(
        process.execPath,
        ['--import', './test/support/electron-stub/register.mjs', 'out/main/index.js'],
        { encoding: 'utf8', timeout: 60_000, env: { ...process.env, PAYOUT_DESK_DATA_DIR: dataDir } },
      );
      const events = result.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
      expect(result.status, result.stderr).toBe(0);
      const window = events.find((e) => e.event === 'window') as unknown as { webPreferences: Record<string, unknown> };
      expect(window.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      expect(String(window.webPreferences.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
      const load = events.find((e) => e.event === 'load') as unknown as { url: string; channels: string[] };
      expect(load.url).toMatch(/^file:.*out\/renderer\/index\.html$/);
      expect([...load.channels].sort()).toEqual(commandChannels.map(([, c]) => c).sort());
      expect(existsSync(join(dataDir, 'payout-desk.sqlite'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
