import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands, events } from '../../../src/shared/ipc/registry';

/**
 * Issue 10 point 8: each contract file is named after its channel prefix, so "where is `recon:list-lines`
 * declared?" is answered by the channel itself: src/shared/ipc/contracts/recon.ts.
 */

const DIR = new URL('../../../src/shared/ipc/contracts/', import.meta.url);

type Contract = { kind: 'command' | 'event'; channel: string };
const isContract = (v: unknown): v is Contract => typeof v === 'object' && v !== null && 'channel' in v && 'kind' in v;

describe('IPC contract files', () => {
  it('every command and event lives in the file named after its channel prefix, and every file is used', async () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
    const misplaced: string[] = [];
    const declared = new Set<string>();
    for (const file of files) {
      const prefix = basename(file, '.ts');
      const mod = (await import(new URL(file, DIR).href)) as Record<string, unknown>;
      for (const group of Object.values(mod)) {
        if (typeof group !== 'object' || group === null || isContract(group)) continue;
        for (const contract of Object.values(group)) {
          if (!isContract(contract)) continue;
          declared.add(contract.channel);
          if (contract.channel.split(':')[0] !== prefix) misplaced.push(`${contract.channel} in ${file}`);
        }
      }
    }
    expect(misplaced).toEqual([]);
    const registered = [...Object.values(commands), ...Object.values(events)].map((c) => c.channel);
    // Every channel the registry serves is declared in one of these files, and no file declares one it ignores.
    expect([...declared].sort()).toEqual([...registered].sort());
    const prefixes = new Set(registered.map((c) => c.split(':')[0]));
    expect(files.map((f) => basename(f, '.ts')).sort()).toEqual([...prefixes].sort());
  });
});
