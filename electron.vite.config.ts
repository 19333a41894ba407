import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The SQL migrations are read from disk at run time; ship them beside the bundled main process. PostgreSQL's go to
 * `pg-migrations`, where db/pg/migrate.ts defaultPgMigrationsDir looks beside the bundle.
 */
function copyMigrations() {
  return {
    name: 'payout-desk:copy-migrations',
    writeBundle() {
      cpSync(resolve('src/main/db/migrations'), resolve('out/main/migrations'), { recursive: true });
      cpSync(resolve('src/main/db/pg/migrations'), resolve('out/main/pg-migrations'), { recursive: true });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // The IFSC dataset is JSON; Node's ESM loader would need an import attribute for it, so bundle it instead.
      externalizeDeps: { exclude: ['ifsc'] },
      rolldownOptions: { input: { index: resolve('src/main/index.ts') } },
    },
    plugins: [copyMigrations()],
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() anything but a few Electron modules, so it is one CommonJS file
      // with every dependency (zod, the contract registry) bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    worker: { format: 'es' },
    plugins: [react()],
  },
});
