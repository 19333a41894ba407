import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findResourcesDir } from '../../../src/cli/resources-dir';

const repo = resolve(__dirname, '..', '..', '..');

describe('findResourcesDir', () => {
  it('finds the fonts from the source tree and from the built CLI folder alike', () => {
    expect(findResourcesDir(join(repo, 'src', 'cli', 'commands'))).toBe(join(repo, 'resources'));
    expect(findResourcesDir(join(repo, 'out', 'cli'))).toBe(join(repo, 'resources'));
  });

  it('says what is missing outside any checkout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payout-no-resources-'));
    try {
      expect(() => findResourcesDir(dir)).toThrow(/resources folder \(fonts for PDFs\) was not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
