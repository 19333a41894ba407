import { app, BrowserWindow, dialog, ipcMain, Notification, safeStorage, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMainContext } from './context';
import { bindIpc, electronFileDeps } from './electron-ipc';
import { createHandlers } from './handlers/index';
import { createDispatcher } from './ipc/dispatch';
import { createSenderCheck } from './ipc/trusted-sender';
import { applySessionSecurity } from './security';
import { startServices } from './services/lifecycle';
import { createElectronStoreBackend } from './settings/electron-store-backend';
import { createMainWindow, windowPaths } from './window';

// Lifecycle only: open the data → register handlers → create the window. Everything else lives in services.
const mainDir = dirname(fileURLToPath(import.meta.url));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  const start = async () => {
    const dataDir = process.env.PAYOUT_DESK_DATA_DIR || app.getPath('userData');
    // `npm start` from source builds an Electron-ABI better-sqlite3 here; packaged builds are rebuilt in place.
    const devBinding = join(app.getAppPath(), '.native', 'electron', 'better_sqlite3.node');
    const ctx = createMainContext({
      dataDir,
      settingsBackend: createElectronStoreBackend(dataDir),
      safeStorage,
      appVersion: app.getVersion(),
      // Packaged: electron-builder copies resources/templates beside the app; from source: the checkout's folder.
      resourcesDir: app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources'),
      nativeBinding: !app.isPackaged && existsSync(devBinding) ? devBinding : undefined,
    });
    const services = await startServices(ctx, {
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body }).show();
      },
    });
    applySessionSecurity(session.defaultSession);
    const paths = windowPaths(mainDir, process.env.ELECTRON_RENDERER_URL);
    const isOwnUrl = createSenderCheck({
      rendererFileUrl: pathToFileURL(paths.rendererHtml).toString(),
      devServerUrl: paths.devServerUrl,
    });
    const files = electronFileDeps({
      dialog,
      shell,
      downloadsDir: () => app.getPath('downloads'),
      getWindow: () => win,
    });
    const dispatch = createDispatcher(createHandlers(ctx, services, files), {
      isTrustedSender: isOwnUrl,
      log: ctx.log,
    });
    bindIpc(ipcMain, dispatch, ctx.events, () => win);
    win = createMainWindow(paths, isOwnUrl);

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createMainWindow(paths, isOwnUrl);
    });
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    let stopping = false;
    app.on('will-quit', (event) => {
      if (stopping) return;
      // Let in-flight EnKash requests finish and their results be journaled before the process exits.
      event.preventDefault();
      stopping = true;
      void services
        .stop()
        .then(() => ctx.close())
        .finally(() => app.exit(0));
    });
  };

  void app.whenReady().then(() =>
    start().catch((error: unknown) => {
      // e.g. a history file from a newer version: say so plainly and leave the file untouched.
      dialog.showErrorBox('EnKash Payout Desk cannot start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    }),
  );
}
