/**
 * Only our own renderer may call main: the packaged page (file:// under the app's renderer folder) or, in
 * development, the electron-vite dev server origin. Anything else — a navigated-away frame, an iframe, a
 * data: URL — is refused before its input is even parsed.
 */
export function createSenderCheck(options: { rendererFileUrl?: string; devServerUrl?: string }) {
  const devOrigin = options.devServerUrl ? safeOrigin(options.devServerUrl) : null;
  const fileBase = options.rendererFileUrl ? options.rendererFileUrl.replace(/[^/]*$/, '') : null;
  return (url: string): boolean => {
    if (!url) return false;
    if (devOrigin && safeOrigin(url) === devOrigin) return true;
    if (fileBase && url.startsWith('file://')) {
      const path = url.split(/[?#]/)[0] ?? '';
      return path.startsWith(fileBase) && !path.slice(fileBase.length).includes('..');
    }
    return false;
  };
}

function safeOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? null : parsed.origin;
  } catch {
    return null;
  }
}
