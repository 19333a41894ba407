import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDraft, saveDraft } from '../../src/main/services/import-drafts';
import { createTestApp, TEST_SENDER, type TestApp } from '../support/test-app';
import { createTestContext } from '../support/test-context';

const BYTES = readFileSync('test/fixtures/payouts-mixed.csv');
const SHA = createHash('sha256').update(BYTES).digest('hex');
const MAPPING = { name: 1, accountNumber: 2, ifsc: 3, amount: 5 };
const IFSC_FIX = { row: 8, col: 3, old: 'SBINO000300', value: 'SBIN0000300' };
const NAME_FIX = { row: 2, col: 1, old: "Anil D'Souza", value: 'Anil DSouza' };

type Draft = {
  kind: string;
  fileName: string;
  sha256: string;
  mapping: Record<string, number>;
  patches: { row: number; col: number; old: string; value: string }[];
  file: string | null;
};

describe('saved imports over IPC (issue 17 point 8)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.cleanup());

  const dispatch = (channel: string, input?: unknown) => app.dispatch(channel, input, TEST_SENDER);
  const draftDir = () => join(app.ctx.dataDir, 'import-drafts');
  const keptFiles = () => (existsSync(draftDir()) ? readdirSync(draftDir()) : []);
  const getDraft = async (kind?: string) => {
    const reply = await dispatch('imports:get-draft', kind ? { kind } : undefined);
    expect(reply.ok).toBe(true);
    return (reply.ok ? reply.value : undefined) as Draft | null;
  };
  const save = (patches: unknown[], extra: Record<string, unknown> = {}) =>
    dispatch('imports:save-draft', {
      kind: 'payouts',
      fileName: 'payouts-mixed.csv',
      sha256: SHA,
      mapping: MAPPING,
      patches,
      ...extra,
    });

  it('refuses a malformed patch, or bytes that do not match the hash, and stores nothing', async () => {
    const file = BYTES.toString('base64');
    for (const bad of [
      { ...IFSC_FIX, row: -1 },
      { ...IFSC_FIX, col: 1.5 },
      { ...IFSC_FIX, value: 'x'.repeat(100_001) },
      { ...IFSC_FIX, sql: 'DROP TABLE payouts' },
      { row: 8, col: 3, value: 'SBIN0000300' },
    ]) {
      const reply = await save([NAME_FIX, bad], { file });
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('invalid_input');
    }
    const tooMany = await save(
      Array.from({ length: 10_001 }, (_, i) => ({ ...IFSC_FIX, row: i })),
      { file },
    );
    expect(tooMany.ok).toBe(false);
    const otherBytes = await save([NAME_FIX], { file: Buffer.from('Name,Amount\nX,1\n').toString('base64') });
    expect(otherBytes.ok).toBe(false);
    const noBytes = await save([NAME_FIX]);
    expect(noBytes.ok).toBe(false);
    expect(await getDraft()).toBeNull();
    expect(app.ctx.db.prepare('SELECT COUNT(*) AS n FROM import_draft_patches').get()).toEqual({ n: 0 });
    expect(keptFiles()).toEqual([]);
  });

  it('keeps the file privately and round-trips the patches, one per cell, latest value winning', async () => {
    const first = await save([{ ...IFSC_FIX, value: 'SBIN000030' }], { file: BYTES.toString('base64') });
    expect(first).toEqual({ ok: true, value: { patchCount: 1, fileKept: true } });
    // Later saves send only the new edit; the bytes are already kept.
    expect(await save([IFSC_FIX, NAME_FIX])).toEqual({ ok: true, value: { patchCount: 2, fileKept: true } });
    const draft = await getDraft();
    expect(draft).toMatchObject({ kind: 'payouts', fileName: 'payouts-mixed.csv', sha256: SHA, mapping: MAPPING });
    expect(draft?.patches).toEqual([NAME_FIX, IFSC_FIX]);
    expect(Buffer.from(draft!.file!, 'base64').equals(BYTES)).toBe(true);
    expect(statSync(draftDir()).mode & 0o777).toBe(0o700);
    expect(statSync(join(draftDir(), keptFiles()[0]!)).mode & 0o777).toBe(0o600);
    // One draft per kind: the beneficiary kind has none.
    expect(await getDraft('beneficiaries')).toBeNull();
  });

  it('discards the draft with its patches and its kept file', async () => {
    expect(await dispatch('imports:discard-draft', { kind: 'payouts' })).toEqual({
      ok: true,
      value: { discarded: true },
    });
    expect(await getDraft()).toBeNull();
    expect(app.ctx.db.prepare('SELECT COUNT(*) AS n FROM import_draft_patches').get()).toEqual({ n: 0 });
    expect(keptFiles()).toEqual([]);
    expect(await dispatch('imports:discard-draft', { kind: 'payouts' })).toEqual({
      ok: true,
      value: { discarded: false },
    });
  });

  it('is kept per environment', async () => {
    expect((await save([IFSC_FIX], { file: BYTES.toString('base64') })).ok).toBe(true);
    expect((await dispatch('settings:set-environment', { environment: 'uat' })).ok).toBe(true);
    expect(await getDraft()).toBeNull();
    expect((await dispatch('settings:set-environment', { environment: 'sandbox' })).ok).toBe(true);
    expect((await getDraft())?.patches).toEqual([IFSC_FIX]);
    expect((await dispatch('imports:discard-draft', { kind: 'payouts' })).ok).toBe(true);
  });

  it('clears the saved import when that file is staged', async () => {
    expect((await save([IFSC_FIX], { file: BYTES.toString('base64') })).ok).toBe(true);
    const rows = [
      { row: 2, values: { name: 'Ravi Kumar', accountNumber: '123456789012', ifsc: 'SBIN0000300', amount: '1,500' } },
    ];
    const staged = await dispatch('imports:stage-import', {
      fileName: 'payouts-mixed.csv',
      sha256: SHA,
      kind: 'payouts',
      rows,
    });
    expect(staged.ok).toBe(true);
    expect(await getDraft()).toBeNull();
    expect(keptFiles()).toEqual([]);
  });
});

describe('a saved import survives a restart', () => {
  it('reopens with its patches and its file from a new context over the same data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'draft-restart-'));
    try {
      const first = createTestContext({ dataDir });
      saveDraft(first, {
        kind: 'payouts',
        fileName: 'payouts-mixed.csv',
        sha256: SHA,
        mapping: MAPPING,
        patches: [IFSC_FIX, NAME_FIX],
        file: BYTES.toString('base64'),
      });
      await first.cleanup();

      const second = createTestContext({ dataDir });
      const draft = await getDraft(second);
      await second.cleanup();
      expect(draft?.patches).toEqual([NAME_FIX, IFSC_FIX]);
      expect(Buffer.from(draft!.file!, 'base64').equals(BYTES)).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
