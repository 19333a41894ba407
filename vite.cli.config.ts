import { cpSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The CLI as ESM run by plain `node out/cli/index.js` (its chunks beside it). Under tsx it spent about 2 s compiling before
 * doing anything; built, it starts like any Node script. npm dependencies stay external (better-sqlite3 is
 * native and must load from node_modules); the migrations of both engines are copied beside it, as for the Electron build.
 */
export default defineConfig({
  // The IFSC dataset is JSON; Node's ESM loader would need an import attribute for it, so bundle it instead.
  ssr: { noExternal: ['ifsc'], target: 'node' },
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { index: resolve('src/cli/index.ts') },
      // Chunks beside index.js: the migrations are found beside the module that reads them (db/open.ts, pg/migrate.ts).
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
  plugins: [
    {
      // The IFSC dataset as `JSON.parse('…')`, not as an object literal (what the bundler makes of a .json import,
      // `json.stringify` notwithstanding): V8 reads JSON text several times faster than the same data as
      // JavaScript, and the 1 MB table was most of `validate`'s module compile time at start-up (issue 15).
      name: 'payout-desk:ifsc-json-parse',
      enforce: 'pre',
      load(id) {
        if (!/[\\/]ifsc[\\/]src[\\/][^\\/]+\.json$/.test(id)) return null;
        const minified = JSON.stringify(JSON.parse(readFileSync(id, 'utf8')));
        return { code: `export default JSON.parse(${JSON.stringify(minified)});`, moduleType: 'js' };
      },
    },
    {
      name: 'payout-desk:copy-migrations',
      writeBundle() {
        cpSync(resolve('src/main/db/migrations'), resolve('out/cli/migrations'), { recursive: true });
        // PostgreSQL's (--database-url), where db/pg/migrate.ts defaultPgMigrationsDir looks beside the bundle.
        cpSync(resolve('src/main/db/pg/migrations'), resolve('out/cli/pg-migrations'), { recursive: true });
      },
    },
  ],
});
