// `npm run cli -- …` runs the built CLI in this same process; without a build it says how to make one
// instead of Node's bare "Cannot find module".
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const builtUrl = new URL('../out/cli/index.js', import.meta.url);
const built = fileURLToPath(builtUrl);
if (!existsSync(built)) {
  console.error(
    'The CLI is not built yet. Run `npm run build` once (or `npm run cli:source -- …` to run it from source).',
  );
  process.exit(2);
}
await import(builtUrl.href);
