import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The packaged app reads its fonts from process.resourcesPath/fonts (src/main/index.ts passes resourcesPath as
 * resourcesDir when packaged, and the advice handler joins `fonts`): electron-builder must copy them there, with
 * the licence, or every payment advice fails in the installed app while every test from source passes.
 */
describe('payment-advice fonts in the packaged app', () => {
  it('electron-builder ships resources/fonts as extraResources "fonts", with the ₹-capable font and its licence', () => {
    const yml = readFileSync('electron-builder.yml', 'utf8');
    const extra = yml.slice(yml.indexOf('extraResources:'));
    const entries = [...extra.matchAll(/-\s*from:\s*(\S+)\s*\n\s*to:\s*(\S+)/g)].map((m) => [m[1], m[2]]);
    expect(entries).toContainEqual(['resources/fonts', 'fonts']);
    expect(entries).toContainEqual(['resources/templates', 'templates']);
    for (const f of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'LICENSE-DejaVu.txt'])
      expect(existsSync(join('resources', 'fonts', f))).toBe(true);
  });

  it('main passes process.resourcesPath as resourcesDir when packaged', () => {
    const index = readFileSync('src/main/index.ts', 'utf8');
    expect(index).toMatch(/resourcesDir:\s*app\.isPackaged\s*\?\s*process\.resourcesPath\s*:/);
  });
});
