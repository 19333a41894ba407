import { describe, expect, it } from 'vitest';
import { createSenderCheck } from '../../../src/main/ipc/trusted-sender';

describe('sender check', () => {
  const packaged = createSenderCheck({ rendererFileUrl: 'file:///opt/Payout%20Desk/out/renderer/index.html' });
  const dev = createSenderCheck({ devServerUrl: 'http://localhost:5173/' });

  it('accepts our packaged page and its hash routes', () => {
    expect(packaged('file:///opt/Payout%20Desk/out/renderer/index.html')).toBe(true);
    expect(packaged('file:///opt/Payout%20Desk/out/renderer/index.html#/settings')).toBe(true);
  });

  it('refuses other files, traversal, remote pages and empty URLs', () => {
    expect(packaged('file:///opt/Payout%20Desk/out/renderer/../../evil.html')).toBe(false);
    expect(packaged('file:///tmp/index.html')).toBe(false);
    expect(packaged('https://example.com/')).toBe(false);
    expect(packaged('')).toBe(false);
  });

  it('accepts only the dev server origin in development', () => {
    expect(dev('http://localhost:5173/#/import')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('http://127.0.0.1:5173/')).toBe(false);
    expect(dev('file:///opt/out/renderer/index.html')).toBe(false);
  });
});
