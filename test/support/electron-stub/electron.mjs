// Just enough Electron for the built out/main/index.js to start in plain Node: it reports what the app did
// (window options, the URL it loads, IPC channels bound) as JSON lines on stdout, then exits.
import { tmpdir } from 'node:os';

const report = (event, data) => process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);
const handled = [];
const noop = () => undefined;

export const app = {
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.PAYOUT_DESK_DATA_DIR ?? tmpdir(),
  getAppPath: () => process.cwd(),
  getVersion: () => '0.0.0-stub',
  isPackaged: false,
  on: noop,
  quit: noop,
  exit: (code) => process.exit(code),
};
export const ipcMain = { handle: (channel) => handled.push(channel), on: noop, removeHandler: noop };
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: () => Buffer.alloc(0),
  decryptString: () => '',
};
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: noop },
    setPermissionRequestHandler: noop,
    setPermissionCheckHandler: noop,
  },
};
export const shell = { openExternal: noop };
export const dialog = {
  showErrorBox: (title, message) => {
    report('error-box', { title, message });
    process.exit(3);
  },
};
export class Notification {
  static isSupported() {
    return false;
  }
}
export class BrowserWindow {
  static getAllWindows() {
    return [];
  }
  constructor(options) {
    report('window', { webPreferences: options.webPreferences });
    this.webContents = { on: noop, setWindowOpenHandler: noop, send: noop };
  }
  once() {}
  isDestroyed() {
    return false;
  }
  loadURL(url) {
    report('load', { url, channels: handled });
    setTimeout(() => process.exit(0), 50);
    return Promise.resolve();
  }
}
export default { app, ipcMain, safeStorage, session, shell, dialog, Notification, BrowserWindow };
