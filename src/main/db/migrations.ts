import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Migration = { version: number; name: string; sql: string; checksum: string };

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/**
 * Reads `NNN_name.sql` files in version order. They are plain files (not bundled strings) so the same folder
 * serves the Electron build (copied next to out/main), the CLI and the tests.
 */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match }) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2] as string,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 001, 002, … without gaps (${m.name})`);
  });
  return migrations;
}
