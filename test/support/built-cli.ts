import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The CLI as users run it (`npm run cli` → out/cli/index.js); `npm test` builds it before any test runs. */
export const BUILT_CLI = fileURLToPath(new URL('../../out/cli/index.js', import.meta.url));

/** `node out/cli/index.js …args`, refusing clearly when the build is missing (a test run without `npm test`). */
export function builtCli(args: readonly string[]): { command: string; args: string[] } {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` before this test.`);
  return { command: process.execPath, args: [BUILT_CLI, ...args] };
}
