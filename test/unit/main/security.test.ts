import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenWebContents, isAllowedExternalUrl } from '../../../src/main/security';
import { windowOptions } from '../../../src/main/window';

describe('window security', () => {
  it('creates the window with isolation, sandbox and no Node integration', () => {
    const prefs = windowOptions('/app/out/preload/index.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('ships the same strict CSP in the HTML as in the response header', () => {
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors is ignored in a meta tag, so only the header carries it.
    const header = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta?.split('; ').sort()).toEqual(header.sort());
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('denies navigation away, new windows and webviews; opens only allowlisted links externally', () => {
    const handlers = new Map<string, (event: { preventDefault: () => void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { preventDefault: () => void }, url: string) => void) => handlers.set(name, fn),
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => {
        openHandler = fn;
      },
    };
    const opened: string[] = [];
    hardenWebContents(contents as never, {
      isOwnUrl: (url) => url.startsWith('file:///app/'),
      openExternal: (url) => opened.push(url),
    });
    const prevented = (name: string, url: string) => {
      let stopped = false;
      handlers.get(name)?.({ preventDefault: () => (stopped = true) }, url);
      return stopped;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///app/index.html#/history')).toBe(false);
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented('will-attach-webview', '')).toBe(true);
    expect(openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'https://docs.enkash.com/payouts' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.enkash.com/payouts']);
    expect(isAllowedExternalUrl('https://docs.enkash.com.evil.example/')).toBe(false);
  });
});
