import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

/**
 * The renderer's Content-Security-Policy: only our own bundle runs; no inline script, no eval, no remote
 * anything. Workers (sheet parsing) load from our own origin. Kept in sync with src/renderer/index.html by a test.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Links the app may open in the user's browser; everything else is refused. */
export const EXTERNAL_LINK_ALLOWLIST = ['https://docs.enkash.com/', 'https://www.enkash.com/'];

export function isAllowedExternalUrl(url: string): boolean {
  return EXTERNAL_LINK_ALLOWLIST.some((prefix) => url.startsWith(prefix));
}

/** The hardened options of our only window. Pure, so a test can assert every security switch. */
export function secureWebPreferences(preloadPath: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

/** Sends the CSP as a response header too (it covers the dev server, where the meta tag alone is weaker). */
export function applySessionSecurity(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Every web contents may only show our page: navigation away, new windows and <webview> are denied;
 * allowlisted external links open in the system browser instead.
 */
export function hardenWebContents(
  contents: WebContents,
  options: { isOwnUrl: (url: string) => boolean; openExternal: (url: string) => void },
): void {
  contents.on('will-navigate', (event, url) => {
    if (!options.isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!options.isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) options.openExternal(url);
    return { action: 'deny' };
  });
}
