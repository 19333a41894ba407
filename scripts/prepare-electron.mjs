// `npm start` / `npm run dev` step: make sure the Electron binary is present and that an Electron-ABI build of
// better-sqlite3 exists in .native/electron (main loads it through better-sqlite3's `nativeBinding` option).
// node_modules keeps its Node-ABI build untouched, so `npm test` keeps working on plain Node. Needs internet once.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const electronPkg = require('electron/package.json');
const electronVersion = electronPkg.version;
const sqlitePkgDir = resolve(root, 'node_modules/better-sqlite3');
const sqliteVersion = JSON.parse(readFileSync(join(sqlitePkgDir, 'package.json'), 'utf8')).version;
const outDir = resolve(root, '.native/electron');
const marker = join(outDir, 'built-for.json');
const wanted = {
  electron: electronVersion,
  betterSqlite3: sqliteVersion,
  arch: process.arch,
  platform: process.platform,
};

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  return r.status === 0;
}

function fail(message) {
  console.error(`\nPayout Desk could not prepare Electron: ${message}`);
  process.exit(1);
}

// 1. The Electron binary (Electron >= 42 downloads it on first use; its downloader needs Node >= 22.12).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  fail(
    `Electron ${electronVersion} needs Node.js 22.12 or newer to download itself (this is ${process.versions.node}). Tests run on Node 20; starting the app does not.`,
  );
}
if (!run(process.execPath, [require.resolve('electron/install.js')], root)) {
  fail('downloading the Electron binary failed (is the internet reachable?)');
}

// 2. better-sqlite3 for Electron's ABI, built once per Electron / better-sqlite3 version.
const built = existsSync(marker) ? readFileSync(marker, 'utf8') : '';
if (built === JSON.stringify(wanted) && existsSync(join(outDir, 'better_sqlite3.node'))) process.exit(0);

const work = resolve(root, '.native/build/better-sqlite3');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(sqlitePkgDir, work, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });

const electronEnv = {
  npm_config_runtime: 'electron',
  npm_config_target: electronVersion,
  npm_config_disturl: 'https://electronjs.org/headers',
  npm_config_arch: process.arch,
};
const prebuilt = run(
  process.execPath,
  [
    require.resolve('prebuild-install/bin.js', { paths: [sqlitePkgDir] }),
    '--runtime',
    'electron',
    '--target',
    electronVersion,
    '--arch',
    process.arch,
  ],
  work,
  electronEnv,
);
if (!prebuilt) {
  console.log('No prebuilt binary; compiling better-sqlite3 against Electron headers (needs a C++ toolchain)…');
  if (!run('npx', ['--yes', 'node-gyp', 'rebuild', '--release'], work, electronEnv))
    fail('compiling better-sqlite3 for Electron failed');
}
mkdirSync(outDir, { recursive: true });
cpSync(join(work, 'build/Release/better_sqlite3.node'), join(outDir, 'better_sqlite3.node'));
writeFileSync(marker, JSON.stringify(wanted));
console.log(`Built better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} in .native/electron`);
