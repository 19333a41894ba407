import js from '@eslint/js';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Layers (DESIGN.md "Layout"), enforced with `no-restricted-imports`. A relative specifier means a different
 * folder at each depth ('../x' from src/main/db/a.ts leaves the db, from src/main/db/repos/a.ts it does not), so
 * each layer gets one config block per folder depth with the exact prefix that leaves it. Within a layer a file
 * gets exactly one such block: flat config replaces, not merges, a rule's options when blocks overlap.
 * test/unit/lint/layers.test.ts probes every rule and checks that every file of a layer is covered.
 */
const MAX_DEPTH = 6;
const SOURCE = '*.{ts,tsx}';
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NODE = `^(?:node:|(?:${[...new Set(builtinModules.map((m) => m.split('/')[0]))].map(escape).join('|')})(?:/|$))`;
const ELECTRON = '^electron(?:-[a-z-]+)?(?:/|$)';
const REACT = '^react(?:-dom)?(?:/|$)';

/** A target as a relative-specifier regex from `dir`: 'x/' is a folder and all below it, 'x' one module. */
function target(dir, path) {
  const rel = posix.relative(dir, path.replace(/\/$/, ''));
  return path.endsWith('/') ? `${escape(rel)}(?:/|$)` : `${escape(rel)}(?:\\.[cm]?[jt]sx?)?$`;
}

/**
 * One layer: `allow` lists the only places outside `root` its relative imports may reach (omit it to allow
 * any), `deny` places they must not reach, `bare` regexes of package specifiers it must not use.
 */
function layer({ root, allow, deny = [], bare = [], message }) {
  return Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
    const dir = posix.join(root, ...Array(depth).fill('x'));
    const regexes = [...bare, ...deny.map((path) => `^${target(dir, path)}`)];
    if (allow) {
      const out = `(?:\\.\\./){${depth + 1}}`;
      const kept = allow.map((path) => target(dir, path));
      regexes.push(kept.length ? `^(?!${kept.join('|')})${out}` : `^${out}`);
    }
    return {
      files: [`${root}/${'*/'.repeat(depth)}${SOURCE}`],
      rules: { 'no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }] },
    };
  });
}

const LAYERS = [
  layer({
    root: 'src/shared',
    allow: [],
    bare: [NODE, ELECTRON, REACT],
    message: 'Layers: src/shared imports nothing of ours outside src/shared, and no node:, Electron or React.',
  }),
  layer({
    root: 'src/renderer',
    allow: ['src/shared/'],
    bare: [NODE, ELECTRON],
    message:
      'Layers: src/renderer imports only src/shared of ours (main is reached through window.api), no node: or Electron.',
  }),
  layer({
    root: 'src/main/db',
    allow: ['src/shared/'],
    bare: [ELECTRON],
    message: 'Layers: src/main/db imports only src/shared of ours (npm packages and node: are fine).',
  }),
  layer({
    root: 'src/main/enkash',
    allow: ['src/shared/'],
    bare: [ELECTRON],
    message: 'Layers: src/main/enkash imports only src/shared of ours: no db, services, sandbox, context or settings.',
  }),
  layer({
    root: 'src/main/sandbox',
    allow: ['src/shared/', 'src/main/enkash/crypto', 'src/main/enkash/decimal-json'],
    bare: [ELECTRON],
    message:
      'Layers: src/main/sandbox imports only src/shared and the wire helpers enkash/crypto and enkash/decimal-json; never context, services, db or other enkash modules.',
  }),
  layer({
    root: 'src/preload',
    allow: ['src/shared/ipc/'],
    bare: ['^(?!\\.|electron(?:/|$))'],
    message: 'Layers: src/preload imports only electron and the IPC registry (src/shared/ipc).',
  }),
  // The journal is the bottom layer of the services: the senders and readers above it import it, never back.
  layer({
    root: 'src/main/services/journal',
    allow: ['src/shared/', 'src/main/db/', 'src/main/enkash/', 'src/main/log'],
    message:
      'Layers: src/main/services/journal imports only src/shared, main/db, main/enkash and main/log (it is the bottom layer of the services).',
  }),
].flat();

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.native/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a string-literal union instead of an enum.' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Sanitising input means matching control characters on purpose.
      'no-control-regex': 'off',
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  ...LAYERS,
);
