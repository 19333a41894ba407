// Stand-in for the `electron` module under vitest (aliased in vitest.config.ts). Only what main-process code
// touches at import time or through thin adapters is provided; tests inject their own fakes where behaviour
// matters. electron.mjs beside it is the other stand-in: it lets plain Node run the built out/main/index.js.
const noop = (): void => undefined;

export const app = {
  getPath: (name: string): string => `/tmp/payout-desk-stub/${name}`,
  getVersion: (): string => '0.0.0-test',
  isPackaged: false,
  on: noop,
  whenReady: (): Promise<void> => Promise.resolve(),
  requestSingleInstanceLock: (): boolean => true,
  quit: noop,
};

let encryptionAvailable = true;
export const safeStorage = {
  isEncryptionAvailable: (): boolean => encryptionAvailable,
  /** Test hook: simulate an OS without a keychain. */
  __setAvailable(value: boolean): void {
    encryptionAvailable = value;
  },
  // Reversible but not plain text, so tests can tell ciphertext from the secret.
  encryptString: (text: string): Buffer => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`),
  decryptString: (buf: Buffer): string => {
    const s = buf.toString();
    if (!s.startsWith('enc:')) throw new Error('not encrypted by stub');
    return Buffer.from(s.slice(4), 'base64').toString();
  },
};

export const ipcMain = { handle: noop, removeHandler: noop, on: noop };
export const ipcRenderer = { invoke: noop, on: noop, removeListener: noop };
export const contextBridge = { exposeInMainWorld: noop };
export const shell = { openExternal: (): Promise<void> => Promise.resolve() };
export class BrowserWindow {}
export const session = { defaultSession: {} };
export const Notification = class {
  static isSupported(): boolean {
    return false;
  }
};
export default { app, safeStorage, ipcMain, ipcRenderer, contextBridge, shell, BrowserWindow, session };
