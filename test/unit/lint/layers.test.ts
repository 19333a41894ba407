import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules live in eslint.config.js as `no-restricted-imports`. Each probe is linted as virtual text at a
// path inside the layer (no probe file on disk), so the test sees exactly what `npx eslint src` would report.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULE = 'no-restricted-imports';

type Layer = {
  name: string;
  /** Words every message of this layer's rule contains, so a probe cannot pass on another layer's rule. */
  message: RegExp;
  /** Virtual files inside the layer, shallowest first, then a deeper one, since relative paths change with depth. */
  probes: string[];
  /** Specifiers the layer must refuse, as written from the FIRST probe path. */
  forbidden: string[];
  /** Specifiers the layer may use, as written from the FIRST probe path. */
  allowed: string[];
};

const LAYERS: Layer[] = [
  {
    name: 'src/shared',
    message: /src\/shared imports/,
    probes: ['src/shared/__probe__.ts', 'src/shared/domain/__probe__.ts'],
    forbidden: [
      '../main/db/open',
      '../renderer/app',
      '../cli/main',
      '../package.json',
      'node:fs',
      'fs',
      'electron',
      'react',
    ],
    allowed: ['./rules/amount', './domain/money', 'zod'],
  },
  {
    name: 'src/renderer',
    message: /src\/renderer imports/,
    probes: ['src/renderer/__probe__.ts', 'src/renderer/features/__probe__.tsx'],
    forbidden: ['../main/context', '../preload/api', '../cli/main', 'node:path', 'electron'],
    allowed: ['../shared/domain/money', './components/format', 'react', '@tanstack/react-query'],
  },
  {
    name: 'src/main/db',
    message: /src\/main\/db imports/,
    probes: ['src/main/db/__probe__.ts', 'src/main/db/repos/__probe__.ts'],
    forbidden: ['../services/journal/transition', '../enkash/client', '../context', '../settings/vault', '../log'],
    allowed: ['../../shared/domain/money', './repos/payouts-repo', 'better-sqlite3', 'node:fs'],
  },
  {
    name: 'src/main/enkash',
    message: /src\/main\/enkash imports/,
    probes: ['src/main/enkash/__probe__.ts'],
    forbidden: ['../db/open', '../services/enkash-access', '../sandbox/engine', '../context', '../settings/vault'],
    allowed: ['../../shared/settings/api-profile', './crypto', 'zod', 'node:crypto'],
  },
  {
    name: 'src/main/sandbox',
    message: /src\/main\/sandbox imports/,
    probes: ['src/main/sandbox/__probe__.ts'],
    forbidden: ['../context', '../services/enkash-access', '../db/open', '../enkash/inputs', '../enkash/client'],
    allowed: ['../enkash/crypto', '../enkash/decimal-json', '../../shared/settings/api-profile', './engine'],
  },
  {
    name: 'src/preload',
    message: /src\/preload imports/,
    probes: ['src/preload/__probe__.ts'],
    forbidden: ['../main/context', '../shared/domain/money', '../renderer/app', 'zod', 'node:fs'],
    allowed: ['electron', '../shared/ipc/registry', './api'],
  },
  {
    name: 'src/main/services/journal',
    message: /src\/main\/services\/journal imports/,
    probes: ['src/main/services/journal/__probe__.ts', 'src/main/services/journal/sub/__probe__.ts'],
    forbidden: [
      '../submission/engine',
      '../reconcile/search',
      '../history/batches',
      '../enkash-access',
      '../../context',
      '../../settings/vault',
    ],
    allowed: [
      '../../db/repos/payouts-repo',
      '../../enkash/client',
      '../../log',
      '../../../shared/domain/payout-states',
      './transition',
    ],
  },
];

/** Rewrites a specifier written from `from` so it points at the same place from `to`, which is deeper. */
function fromDeeper(spec: string, from: string, to: string): string {
  const extra = to.split('/').length - from.split('/').length;
  if (!spec.startsWith('.') || extra === 0) return spec;
  return `${'../'.repeat(extra)}${spec.replace(/^\.\//, '')}`.replace(/\/\.\//g, '/');
}

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function layerMessages(filePath: string, spec: string) {
  const code = `import type { Probe } from '${spec}';\nexport type Used = Probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('layers the linter enforces (no-restricted-imports)', () => {
  for (const layer of LAYERS) {
    describe(layer.name, () => {
      for (const probe of layer.probes) {
        for (const written of layer.forbidden) {
          const spec = fromDeeper(written, layer.probes[0], probe);
          it(`refuses '${spec}' in ${probe}`, async () => {
            const messages = await layerMessages(probe, spec);
            expect(messages).toHaveLength(1);
            expect(messages[0]).toMatch(layer.message);
          }, 30_000);
        }
        for (const written of layer.allowed) {
          const spec = fromDeeper(written, layer.probes[0], probe);
          it(`allows '${spec}' in ${probe}`, async () => {
            expect(await layerMessages(probe, spec)).toEqual([]);
          }, 30_000);
        }
      }
    });
  }

  it('checks value imports and re-exports too, not only type imports', async () => {
    const code = `import { openDb } from '../db/open';\nexport * from '../services/x';\nexport { openDb };\n`;
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, 'src/main/enkash/__probe__.ts') });
    const mine = result.messages.filter((m) => m.ruleId === RULE);
    expect(mine).toHaveLength(2);
    for (const m of mine) expect(m.message).toMatch(/src\/main\/enkash imports/);
  }, 30_000);

  // The rules are written per folder depth (a relative path means something different one folder down), so a
  // file deeper than the config covers would silently escape its layer. Every real file must get its rule.
  it('every source file of a layer is covered by its layer rule', async () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    for (const layer of LAYERS) {
      for (const file of walk(join(ROOT, layer.name))) {
        const config = await eslint.calculateConfigForFile(file);
        const setting = config?.rules?.[RULE] as [number, ...{ patterns: { message?: string }[] }[]] | undefined;
        const messages = (setting?.slice(1) ?? []).flatMap((o) =>
          typeof o === 'object' ? o.patterns.map((p) => p.message ?? '') : [],
        );
        expect(
          messages.some((m) => layer.message.test(m)),
          `${relative(ROOT, file)} has no ${layer.name} rule`,
        ).toBe(true);
      }
    }
  }, 60_000);
});
