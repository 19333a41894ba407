import type { BrowserWindow, Dialog, IpcMain, Shell } from 'electron';
import { join } from 'node:path';
import { commandChannels } from '../shared/ipc/registry';
import type { Dispatch } from './ipc/dispatch';
import type { EventBus } from './ipc/events';
import type { FileDeps } from './services/exports/save-desk';

/** Binds every registry command to ipcMain through the one dispatcher, and forwards events to the window. */
export function bindIpc(ipcMain: IpcMain, dispatch: Dispatch, bus: EventBus, getWindow: () => BrowserWindow | null) {
  for (const [, channel] of commandChannels) {
    ipcMain.handle(channel, (event, input: unknown) => dispatch(channel, input, event.senderFrame?.url ?? ''));
  }
  return bus.subscribe((channel, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
  });
}

/**
 * The save dialog and "show in folder" for the handlers: the only place Electron's dialog is called. Opens in
 * Downloads with the suggested name; a cancelled dialog is null, so nothing is written.
 */
export function electronFileDeps(electron: {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  shell: Pick<Shell, 'showItemInFolder'>;
  downloadsDir: () => string;
  getWindow: () => BrowserWindow | null;
}): FileDeps {
  return {
    chooseSavePath: async ({ defaultName, filters }) => {
      const options = {
        defaultPath: join(electron.downloadsDir(), defaultName),
        filters,
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const win = electron.getWindow();
      const reply = win
        ? await electron.dialog.showSaveDialog(win, options)
        : await electron.dialog.showSaveDialog(options);
      return reply.canceled || !reply.filePath ? null : reply.filePath;
    },
    // Files the user picks for main to read (a Tally ledger mapping or List of Accounts): one file, never a folder.
    chooseOpenPath: async ({ title, filters }) => {
      const options = { title, filters, properties: ['openFile' as const] };
      const win = electron.getWindow();
      const reply = win
        ? await electron.dialog.showOpenDialog(win, options)
        : await electron.dialog.showOpenDialog(options);
      return reply.canceled ? null : (reply.filePaths[0] ?? null);
    },
    revealFile: (path) => electron.shell.showItemInFolder(path),
  };
}
