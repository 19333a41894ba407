import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How the crash test starts its child: a one-file ESM bundle of crash-child.ts made with esbuild (a tsx
 * dependency), so each of the 100+ children starts in ~0.2 s instead of ~1 s under tsx. Falls back to
 * `node --import tsx` when esbuild cannot be loaded. The bundle lives under node_modules/.cache so Node finds
 * better-sqlite3 (kept external: it is native) from there; the SQL migrations of both engines are copied beside it.
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

export type ChildCommand = { command: string; args: string[] };

export function buildCrashChild(): Promise<ChildCommand> {
  return buildChild('crash-child');
}

/** The same for any child script beside this file (`name` without `.ts`), e.g. the two-process engine test's. */
export async function buildChild(name: string): Promise<ChildCommand> {
  const entry = join(here, `${name}.ts`);
  try {
    const esbuild = await import('esbuild');
    // One folder per child: a test file rebuilding one never replaces the migrations under another's running children.
    const outDir = join(root, 'node_modules', '.cache', 'payout-desk-crash-test', name);
    mkdirSync(outDir, { recursive: true });
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: join(outDir, `${name}.mjs`),
      // pg-native: pg's optional native binding, required only if asked for (never here).
      external: ['better-sqlite3', 'electron', 'pg-native'],
      logLevel: 'error',
      // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
    // Replace, not merge: a renamed or removed migration left behind would break the numbering check.
    rmSync(join(outDir, 'migrations'), { recursive: true, force: true });
    cpSync(join(root, 'src', 'main', 'db', 'migrations'), join(outDir, 'migrations'), { recursive: true });
    // PostgreSQL's, where db/pg/migrate.ts looks beside a bundle (`--database-url` children).
    rmSync(join(outDir, 'pg-migrations'), { recursive: true, force: true });
    cpSync(join(root, 'src', 'main', 'db', 'pg', 'migrations'), join(outDir, 'pg-migrations'), { recursive: true });
    return { command: process.execPath, args: [join(outDir, `${name}.mjs`)] };
  } catch {
    return { command: process.execPath, args: ['--import', 'tsx', entry] };
  }
}
