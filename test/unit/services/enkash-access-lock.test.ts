import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLoginLock } from '../../../src/main/services/enkash-access';
import { createTestContext, type TestContext } from '../../support/test-context';

const dirs: string[] = [];
const contexts: TestContext[] = [];
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('issue 9 point 7: client and login lock survive unrelated settings changes', () => {
  it('a settings change that touches neither credentials nor profile keeps the client', async () => {
    const ctx = createTestContext();
    contexts.push(ctx);
    const first = await ctx.enkash.session();
    // What a sheet import does today: saves a UI preference (column mapping).
    ctx.settings.updateUi({ ...ctx.settings.get().ui });
    const second = await ctx.enkash.session();
    expect(second.client).toBe(first.client);
  });

  it('the file lock store survives a restart and holds no secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    dirs.push(dir);
    fileLoginLock(dir, 'uat').write('abc:def');
    expect(fileLoginLock(dir, 'uat').read()).toBe('abc:def'); // a new store object = a new process
    expect(fileLoginLock(dir, 'production').read()).toBeNull();
    const files = readdirSync(join(dir, 'login-lock'));
    expect(files.map((f) => readFileSync(join(dir, 'login-lock', f), 'utf8'))).toEqual(['abc:def']);
    fileLoginLock(dir, 'uat').write(null);
    expect(fileLoginLock(dir, 'uat').read()).toBeNull();
  });
});
