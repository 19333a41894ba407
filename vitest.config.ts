import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Tests run on plain Node, where `electron` cannot be loaded (its binary is fetched on first
// require and this machine is offline), so every import of it resolves to a small stub. The built main
// bundle gets its own stand-in from the same folder (electron-stub/register.mjs).
const electronStub = fileURLToPath(new URL('./test/support/electron-stub/vitest-electron.ts', import.meta.url));
const shared = { alias: { electron: electronStub } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve: shared,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: shared,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: shared,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
