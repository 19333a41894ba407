// A throwaway PostgreSQL cluster for the tests (issue 13 point 4): initdb into a temp folder, start on a free
// loopback port, create one database, hand back its URL; stop and delete it all afterwards.
//
//   node scripts/pg-cluster.mjs start      prints PAYOUT_DESK_TEST_PG_URL=… and PAYOUT_DESK_TEST_PG_DIR=…
//   node scripts/pg-cluster.mjs stop DIR   stops the cluster in DIR and removes DIR
//
// initdb and postgres refuse to run as root, so under root both run as the `postgres` user (Debian's package
// creates it). The data folder lives in the temp dir and never holds anything but test rows; authentication is
// `trust` on 127.0.0.1 only, and fsync is off: a crash of a throwaway cluster loses nothing we keep.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PG_BIN = process.env.PAYOUT_DESK_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const PG_MISSING_MESSAGE =
  `PostgreSQL 15 was not found in ${PG_BIN}. The PostgreSQL tests need it: install Debian's ` +
  '`postgresql` package (`apt-get install postgresql`), or set PAYOUT_DESK_PG_BIN to its bin folder.';
const DATABASE = 'payout_desk_test';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function uidOf(user) {
  const r = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/** Runs a PostgreSQL binary, as `postgres` when we are root; throws with its output when it fails. */
function pg(bin, args) {
  const file = join(PG_BIN, bin);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (r.status !== 0) {
    throw new Error(`${bin} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || String(r.error)).trim()}`);
  }
  return r.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a fresh cluster. Returns `{ url, dir, port }`; `url` points at an empty database `payout_desk_test` as the
 * superuser `postgres` (tests create their own databases beside it).
 */
export async function startPgCluster() {
  if (!existsSync(join(PG_BIN, 'initdb'))) throw new Error(PG_MISSING_MESSAGE);
  const dir = mkdtempSync(join(tmpdir(), 'payout-desk-pg-'));
  try {
    if (isRoot()) {
      const uid = uidOf('postgres');
      if (uid === null) throw new Error(`No \`postgres\` user to run initdb as. ${PG_MISSING_MESSAGE}`);
      chownSync(dir, uid, Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
    }
    chmodSync(dir, 0o700);
    const data = join(dir, 'data');
    pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // A port taken between freePort() and the start is possible but rare; one retry on a new port covers it.
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      const options = [
        `-p ${port}`,
        '-c listen_addresses=127.0.0.1',
        `-c unix_socket_directories=${dir}`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      try {
        pg('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      } catch (error) {
        if (attempt < 1) continue;
        throw error;
      }
      pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', DATABASE]);
      return { url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, dir, port };
    }
  } catch (error) {
    stopPgCluster(dir);
    throw error;
  }
}

/** Stops the cluster in `dir` (fast: nothing in it is kept) and deletes the folder. Safe to call twice. */
export function stopPgCluster(dir) {
  if (!dir || !existsSync(dir)) return;
  const data = join(dir, 'data');
  if (existsSync(join(data, 'postmaster.pid'))) {
    try {
      pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch (error) {
      console.error(`could not stop the test PostgreSQL cluster: ${error.message}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    try {
      const cluster = await startPgCluster();
      console.log(`PAYOUT_DESK_TEST_PG_URL=${cluster.url}`);
      console.log(`PAYOUT_DESK_TEST_PG_DIR=${cluster.dir}`);
    } catch (error) {
      console.error(error.message);
      process.exit(1);
    }
  } else if (command === 'stop' && dir) {
    stopPgCluster(dir);
  } else {
    console.error('usage: node scripts/pg-cluster.mjs start | stop DIR');
    process.exit(2);
  }
}
