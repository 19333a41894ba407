import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's resources folder, found by walking up from this module: the CLI runs both from source
 * (src/cli/…) and built (out/cli/index.js), and the two sit at different depths.
 */
export function findResourcesDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'resources', 'fonts'))) return join(dir, 'resources');
    if (dirname(dir) === dir) throw new Error('The resources folder (fonts for PDFs) was not found beside the CLI.');
  }
}
