import fs from 'node:fs';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/main/log';

// The app log rotates by size and survives a full disk (issue 10 point 6): electron-log's file transport,
// behind our own Logger type and redaction.

const root = mkdtempSync(join(tmpdir(), 'payout-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
let n = 0;
const freshFile = () => join(root, `d${++n}`, 'logs', 'app.log');

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
const seqs = (file: string) => lines(file).map((l: { seq?: number }) => l.seq);
const archive = (file: string, k: number) => file.replace(/\.log$/, `.${k}.log`);

/** An ENOSPC as fs raises it. */
function enospc(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, open '${path}'`), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'open',
    path,
  });
}

describe('log rotation by size', () => {
  it('archives the file once it passes maxBytes; the current file stays small; order is kept', () => {
    const file = freshFile();
    const log = createLogger(file, undefined, { maxBytes: 2048, keep: 3 });
    for (let seq = 0; seq < 30; seq++) log.info('tick', { seq, note: 'x'.repeat(60) });
    expect(existsSync(archive(file, 1))).toBe(true);
    expect(statSync(file).size).toBeLessThan(2048 + 200);
    // ~140-byte lines: two rotations; oldest archive first, then the current file, gives every line in order.
    const all = [3, 2, 1].flatMap((k) => seqs(archive(file, k))).concat(seqs(file));
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('keeps only the newest `keep` archives, each one contiguous and in order', () => {
    const file = freshFile();
    const log = createLogger(file, undefined, { maxBytes: 1024, keep: 2 });
    for (let seq = 0; seq < 200; seq++) log.info('tick', { seq, note: 'y'.repeat(60) });
    expect(existsSync(archive(file, 2))).toBe(true);
    expect(existsSync(archive(file, 3))).toBe(false);
    const kept = [...seqs(archive(file, 2)), ...seqs(archive(file, 1)), ...seqs(file)];
    expect(kept.at(-1)).toBe(199);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 200 - kept.length + i));
    for (const f of [file, archive(file, 1), archive(file, 2)]) expect(statSync(f).size).toBeLessThan(1024 + 200);
  });

  it('defaults to 5 MB per file (electron-log alone would rotate at 1 MB)', () => {
    const file = freshFile();
    const log = createLogger(file);
    // Redaction cuts each text field at 300 characters, so four fields make a line of about 1.1 KB.
    const z = 'z'.repeat(250);
    const fields = { a: z, b: z, c: z, d: z };
    let seq = 0;
    while (seq < 4_500) log.info('tick', { seq: seq++, ...fields }); // ~4.9 MB
    expect(existsSync(archive(file, 1))).toBe(false);
    while (seq < 5_300) log.info('tick', { seq: seq++, ...fields }); // past 5 MiB
    expect(existsSync(archive(file, 1))).toBe(true);
    expect(seqs(archive(file, 1))[0]).toBe(0);
  });

  it('still redacts what it writes to the file', () => {
    const file = freshFile();
    createLogger(file).info('login', { password: 'pw-123', beneficiaryAccountNumber: '123456789012' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('pw-123');
    expect(text).not.toContain('123456789012');
    expect(text).toContain('********9012');
  });
});

describe('a full disk', () => {
  it('writing to /dev/full (ENOSPC) never throws, and a logger on a good path still writes', () => {
    const full = createLogger('/dev/full');
    expect(() => {
      for (let seq = 0; seq < 5; seq++) full.error('tick', { seq });
    }).not.toThrow();
    const file = freshFile();
    createLogger(file).info('after', { seq: 1 });
    expect(seqs(file)).toEqual([1]);
  });

  it('drops lines while the disk is full, resumes when space returns, and says how many were lost', () => {
    const file = freshFile();
    const sink: string[] = [];
    const log = createLogger(file, (l) => sink.push(l));
    log.info('tick', { seq: 1 });
    const real = fs.writeFileSync;
    const spy = vi.spyOn(fs, 'writeFileSync').mockImplementation((path, data, options) => {
      if (String(path) === file) throw enospc(file);
      return real(path, data, options);
    });
    expect(() => [2, 3, 4].forEach((seq) => log.info('tick', { seq }))).not.toThrow();
    spy.mockRestore();
    log.info('tick', { seq: 5 });
    const written = lines(file);
    expect(written.map((l) => l.seq ?? l.event)).toEqual([1, 'log_lines_dropped', 5]);
    expect(written[1]).toMatchObject({ level: 'warn', event: 'log_lines_dropped', count: 3 });
    // The in-process sink is not the disk: it saw every line.
    expect(sink.map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3, 4, undefined, 5]);
  });

  it('a log folder that cannot be created does not stop the app', () => {
    expect(() => createLogger('/dev/full/logs/app.log').info('tick', { seq: 1 })).not.toThrow();
  });
});
